import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
/** The one file allowed to change a request's status: the transition pipeline. */
const PIPELINE = 'libs/adoption/src/adoption-pipeline.service.ts';

/** Ways TypeScript code in this repository can write a row of adoption_request. */
const WRITES: ReadonlyArray<[string, RegExp]> = [
  ['SQL UPDATE of adoption_request', /\bUPDATE\s+"?adoption_request"?\b/i],
  ['TypeORM update of AdoptionRequestEntity', /\.update\(\s*AdoptionRequestEntity\b/],
  [
    'update through a repository of AdoptionRequestEntity',
    /(repo\([^)]*|getRepository\()AdoptionRequestEntity\)\s*\.(update|save|upsert|increment)\(/,
  ],
  ['updateIfVersion on AdoptionRequestEntity', /updateIfVersion\(\s*\w+\s*,\s*AdoptionRequestEntity\b/],
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'migrations' ? [] : sources(path);
    return /\.ts$/.test(entry.name) && !/\.(spec|e2e-spec)\.ts$/.test(entry.name) ? [path] : [];
  });
}

/** Where `text` writes adoption_request rows, as "file: kind" lines. */
function writesIn(file: string, text: string): string[] {
  return WRITES.filter(([, pattern]) => pattern.test(text.replace(/\s+/g, ' '))).map(([kind]) => `${file}: ${kind}`);
}

describe('who writes adoption_request', () => {
  const files = [...sources(join(ROOT, 'libs')), ...sources(join(ROOT, 'apps'))];

  it('scans the sources of every library and app', () => {
    expect(files.map((f) => relative(ROOT, f))).toContain(PIPELINE);
    expect(files.length).toBeGreaterThan(100);
  });

  it('finds a write where there is one (the patterns are live)', () => {
    expect(writesIn('x.ts', "await em.query(`UPDATE adoption_request SET status = 'APPROVED'`)")).toHaveLength(1);
    expect(writesIn('x.ts', 'this.db.repo(ctx, AdoptionRequestEntity).update({ id }, { status })')).toHaveLength(1);
    expect(writesIn('x.ts', 'ctx.em.getRepository(AdoptionRequestEntity)\n  .save(row)')).toHaveLength(1);
    expect(writesIn('x.ts', 'await updateIfVersion(ctx, AdoptionRequestEntity, row, {})')).toHaveLength(1);
    expect(writesIn('x.ts', 'repo(ctx, AdoptionRequestEntity).findOne({ where: { id } })')).toEqual([]);
  });

  it('has no write outside the transition pipeline', () => {
    const offenders = files
      .map((file) => relative(ROOT, file))
      .filter((file) => file !== PIPELINE)
      .flatMap((file) => writesIn(file, readFileSync(join(ROOT, file), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('writes through updateIfVersion in the pipeline (the check above would miss a moved pipeline)', () => {
    expect(writesIn(PIPELINE, readFileSync(join(ROOT, PIPELINE), 'utf8'))).toEqual([
      `${PIPELINE}: updateIfVersion on AdoptionRequestEntity`,
    ]);
  });
});
