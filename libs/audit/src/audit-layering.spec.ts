import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The audit library sits below the features: they append to it and register verification checks with it
 * (AuditVerificationExtensions), so it must never import one of them; an import would be a cycle.
 */
const ALLOWED = ['@app/authz', '@app/core', '@app/persistence'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('libs/audit layering', () => {
  it('imports no feature library (only core, persistence and authz)', () => {
    const files = sources(__dirname);
    expect(files.length).toBeGreaterThan(10);
    const imports = files.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/from '(@app\/[a-z-]+)[^']*'|import\('(@app\/[a-z-]+)/g)].map(
        (m) => `${file.slice(__dirname.length + 1)}: ${m[1] ?? m[2]}`,
      ),
    );
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((line) => !ALLOWED.some((lib) => line.endsWith(`: ${lib}`)))).toEqual([]);
  });
});
