import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { configSchema } from './config.schema';

const README = join(__dirname, '..', '..', '..', '..', 'README.md');

interface ReadmeRow {
  variable: string;
  /** The default cell for this variable (a row naming several splits its cell on " / "). */
  documented: string;
}

/** The rows of the table under "## Configuration": `| variable | default | meaning |`. */
function readmeConfigurationTable(markdown: string): ReadmeRow[] {
  const section = markdown.split(/^## /m).find((s) => s.startsWith('Configuration'));
  if (!section) throw new Error('README.md has no "## Configuration" section');
  const lines = section.split('\n').filter((l) => l.startsWith('|'));
  const [header, , ...rows] = lines.map((l) =>
    l
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim()),
  );
  if (header?.[0] !== 'variable' || header[1] !== 'default') {
    throw new Error('the Configuration section of README.md has no "| variable | default | meaning |" table');
  }
  return rows.flatMap(([names, defaults]) => {
    const variables = [...names.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]);
    const parts = defaults.split(' / ');
    return variables.map((variable, i) => ({
      variable,
      documented: parts.length === variables.length ? parts[i] : defaults,
    }));
  });
}

/** The default the schema applies when the variable is unset, as an operator would write it; undefined when none. */
function schemaDefault(type: z.ZodType): string | undefined {
  const def = (type as unknown as { def: { type: string; defaultValue?: unknown; in?: z.ZodType } }).def;
  if (def.type === 'default' || def.type === 'prefault') return String(def.defaultValue);
  if (def.type === 'pipe' && def.in) return schemaDefault(def.in); // a default before a transform
  return undefined;
}

/** The first `literal` of a README cell: what it states as the default value. */
const statedValue = (cell: string) => /^`([^`]*)`/.exec(cell)?.[1];

describe('README configuration table', () => {
  const rows = readmeConfigurationTable(readFileSync(README, 'utf8'));
  const documented = new Map(rows.map((r) => [r.variable, r.documented]));
  const shape = configSchema.shape as Record<string, z.ZodType>;

  it('documents every variable the service reads, and no other', () => {
    const problems = [
      ...Object.keys(shape)
        .filter((v) => !documented.has(v))
        .map((v) => `${v}: read by the service but missing from the README's configuration table`),
      ...rows
        .filter((r) => !(r.variable in shape))
        .map((r) => `${r.variable}: in the README's configuration table but not read by the service`),
    ];
    expect(problems).toEqual([]);
  });

  it('states the default the code applies for every variable with a fixed default', () => {
    const problems = Object.entries(shape).flatMap(([variable, type]) => {
      const expected = schemaDefault(type);
      const cell = documented.get(variable);
      if (expected === undefined || cell === undefined) return [];
      const stated = statedValue(cell);
      return stated === expected ? [] : [`${variable}: README says ${cell}, the code's default is \`${expected}\``];
    });
    expect(problems).toEqual([]);
  });
});
