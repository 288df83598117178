import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  allForeignEntityUses,
  allForeignTableUses,
  entityClasses,
  entityTables,
  foreignEntityUses,
  FOREIGN_TABLE_EXCEPTIONS,
  foreignTableUses,
  libraryOf,
  migratedTables,
  ROOT,
  TABLES_WITHOUT_ENTITY,
  tableOwners,
} from './library-boundaries';

/**
 * Each library owns its tables: only its own services read or write them; another library calls its service.
 * A raw SQL string naming another library's table is a dependency the compiler cannot see, so this test
 * looks for them.
 */
describe('table ownership', () => {
  const owners = tableOwners();

  it('knows the owner of every table the migrations create', () => {
    const created = migratedTables();
    expect(created.length).toBeGreaterThan(10);
    expect(created.filter((table) => !owners.has(table))).toEqual([]);
    // The explicit map holds only tables without an entity, and only tables that exist.
    const entities = entityTables();
    expect(Object.keys(TABLES_WITHOUT_ENTITY).filter((t) => entities.has(t) || !created.includes(t))).toEqual([]);
  });

  it('derives owners from the entities', () => {
    expect(owners.get('adoption_request')).toBe('adoption');
    expect(owners.get('risk_assessment')).toBe('risk');
    expect(owners.get('ai_model')).toBe('catalog');
    expect(owners.get('organisation')).toBe('identity');
    expect(owners.get('audit_event')).toBe('audit');
  });

  it('excepts only files that exist and do name another library’s table', () => {
    for (const file of Object.keys(FOREIGN_TABLE_EXCEPTIONS)) {
      const lib = libraryOf(join(ROOT, file));
      expect(foreignTableUses(file, readFileSync(join(ROOT, file), 'utf8'), lib, owners).length).toBeGreaterThan(0);
    }
  });

  it('finds no library naming another library’s table in SQL', () => {
    const uses = allForeignTableUses(owners).map((u) => `${u.file}:${u.line} names ${u.table} (${u.owner})`);
    expect(uses).toEqual([]);
  });

  it('finds no library querying another library’s entity through TypeORM', () => {
    const classes = entityClasses();
    expect(classes.get('AiModelEntity')).toBe('catalog');
    expect(classes.get('AuditEventEntity')).toBe('audit');
    const uses = allForeignEntityUses(classes).map((u) => `${u.file}:${u.line} queries ${u.entity} (${u.owner})`);
    expect(uses).toEqual([]);
  });
});

describe(foreignEntityUses.name, () => {
  const classes = new Map([
    ['AiModelEntity', 'catalog'],
    ['AdoptionRequestEntity', 'adoption'],
  ]);
  const entities = (source: string) =>
    foreignEntityUses('x.ts', source, 'adoption', classes).map((u) => `${u.line}:${u.entity}`);

  it.each([
    ['a repository', 'this.db.repo(ctx, AiModelEntity).findOne({})', ['1:AiModelEntity']],
    ['the entity manager', 'await ctx.em.getRepository(AiModelEntity).find()', ['1:AiModelEntity']],
    ['an entity-manager write', 'await ctx.em.insert(AiModelEntity, row)', ['1:AiModelEntity']],
    ['a query builder', 'qb.update(AiModelEntity).set({}).execute()', ['1:AiModelEntity']],
  ])('flags another library’s entity queried through %s', (_name, source, expected) => {
    expect(entities(source)).toEqual(expected);
  });

  it.each([
    ['its own entity', 'this.db.repo(ctx, AdoptionRequestEntity).findOne({})'],
    ['another library’s entity as a type', 'function f(model: AiModelEntity): AiModelEntity { return model; }'],
    ['a service call', 'await this.models.findMany(ctx, ids)'],
  ])('leaves %s alone', (_name, source) => {
    expect(entities(source)).toEqual([]);
  });
});

describe(foreignTableUses.name, () => {
  const owners = new Map([
    ['adoption_request', 'adoption'],
    ['ai_model', 'catalog'],
    ['organisation', 'identity'],
    ['audit_event', 'audit'],
  ]);
  const tables = (source: string, lib = 'audit') =>
    foreignTableUses('x.ts', source, lib, owners).map((u) => `${u.line}:${u.table}`);

  it.each([
    ['a string', `q.andWhere('e.request_id = (SELECT r.id FROM adoption_request r)')`, ['1:adoption_request']],
    ['a template', 'const s = `SELECT slug\n FROM organisation WHERE id = $1`;', ['1:organisation']],
    ['a template with substitutions', 'const s = `SELECT ${cols} FROM x JOIN ai_model m ON ${on}`;', ['1:ai_model']],
    ['a qualified column', `em.query('UPDATE adoption_request.status SET x = 1')`, ['1:adoption_request']],
    ['a quoted table name', `em.query('SELECT 1 FROM "organisation"')`, ['1:organisation']],
    ['a query-builder table argument', `qb.from('ai_model', 'm')`, ['1:ai_model']],
  ])('flags another library’s table in %s', (_name, source, expected) => {
    expect(tables(source)).toEqual(expected);
  });

  it.each([
    ['its own table', `em.query('SELECT seq FROM audit_event WHERE organisation_id = $1')`],
    ['a column named like a table', `em.query('SELECT c.organisation FROM audit_event c')`],
    ['a column with the table as prefix', `em.query('SELECT organisation_id FROM audit_event')`],
    [
      'a quoted SQL string (an action name)',
      `em.query("SELECT 1 FROM audit_event WHERE action = 'adoption_request.submitted'")`,
    ],
    ['prose without SQL', `throw new Error('the organisation was not found')`],
    ['a plain string', `const fields = ['organisation', 'ai_model'];`],
  ])('leaves %s alone', (_name, source) => {
    expect(tables(source)).toEqual([]);
  });
});
