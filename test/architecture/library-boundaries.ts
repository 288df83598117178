import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';

/**
 * What the architecture tests know about the libraries, derived from the code itself: which library owns
 * which table, and where a library's source names another library's table in SQL.
 */

export const ROOT = join(__dirname, '..', '..');
export const LIBS = join(ROOT, 'libs');
const MIGRATIONS = join(LIBS, 'persistence', 'src', 'migrations');

/**
 * Tables created by the migrations without a TypeORM entity, and the library whose services alone use them.
 * Every table a migration creates must have an owner: an entity or an entry here.
 */
export const TABLES_WITHOUT_ENTITY: Record<string, string> = {
  adoption_reference_counter: 'adoption',
  audit_checkpoint: 'audit',
  idempotency_key: 'persistence',
  login_address_throttle: 'identity',
  login_throttle: 'identity',
};

/** Test code and test support may set up any table; migrations create them all. */
function isProductionSource(path: string): boolean {
  return (
    path.endsWith('.ts') &&
    !path.endsWith('.spec.ts') &&
    !path.endsWith('.d.ts') &&
    !/\.test-support\.ts$/.test(path) &&
    !path.startsWith(MIGRATIONS + sep)
  );
}

export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

export function libraries(): string[] {
  return readdirSync(LIBS, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** Library of a file under libs/<lib>/src. */
export function libraryOf(path: string): string {
  return relative(LIBS, path).split(sep)[0];
}

/** Table names of the `@Entity('name')` classes of each library. */
export function entityTables(): Map<string, string> {
  const owners = new Map<string, string>();
  for (const lib of libraries()) {
    for (const file of sourceFiles(join(LIBS, lib, 'src')).filter(isProductionSource)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/@Entity\(\s*['"]([a-z_][a-z0-9_]*)['"]/g)) {
        if (owners.has(m[1])) throw new Error(`table ${m[1]} has two entities (${owners.get(m[1])} and ${lib})`);
        owners.set(m[1], lib);
      }
    }
  }
  return owners;
}

/** Every table a migration creates. */
export function migratedTables(): string[] {
  return sourceFiles(MIGRATIONS).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/CREATE TABLE\s+(?:IF NOT EXISTS\s+)?"?([a-z_][a-z0-9_]*)"?/g)].map(
      (m) => m[1],
    ),
  );
}

/** table → owning library: the entities, then the explicit map for tables without one. */
export function tableOwners(): Map<string, string> {
  const owners = entityTables();
  for (const [table, lib] of Object.entries(TABLES_WITHOUT_ENTITY)) owners.set(table, lib);
  return owners;
}

export interface ForeignTableUse {
  file: string;
  line: number;
  table: string;
  owner: string;
  sql: string;
}

/** Upper-case SQL keywords: the literal is SQL (the code base writes its SQL keywords in capitals). */
const SQL = /\b(SELECT|FROM|JOIN|UPDATE|INSERT|INTO|DELETE|TABLE|EXISTS|TRUNCATE)\b/;
/** Query-builder methods whose first argument may be a bare table name. */
const TABLE_ARGUMENT_CALLS = new Set([
  'from',
  'addFrom',
  'into',
  'update',
  'delete',
  'innerJoin',
  'leftJoin',
  'innerJoinAndSelect',
  'leftJoinAndSelect',
  'query',
]);

/** The text of string and template literals, template substitutions replaced by a placeholder. */
function literals(source: ts.SourceFile): Array<{ text: string; node: ts.Node; calledAs: string | null }> {
  const found: Array<{ text: string; node: ts.Node; calledAs: string | null }> = [];
  const calledAs = (node: ts.Node): string | null => {
    const parent = node.parent;
    if (parent && ts.isCallExpression(parent) && parent.arguments[0] === node) {
      const callee = parent.expression;
      if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
      if (ts.isIdentifier(callee)) return callee.text;
    }
    return null;
  };
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      found.push({ text: node.text, node, calledAs: calledAs(node) });
    } else if (ts.isTemplateExpression(node)) {
      const text = [node.head.text, ...node.templateSpans.map((s) => `$expr${s.literal.text}`)].join('');
      found.push({ text, node, calledAs: calledAs(node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * Where `source` (a file of library `lib`) names a table of another library in SQL: inside a string or
 * template literal that reads as SQL, the table's name as a whole word (not a column such as `m.ai_model`,
 * not inside a quoted SQL string such as an audit action `'decision_record.frozen'`), or a bare table name
 * handed to a query-builder method (`.from('ai_model', 'm')`).
 */
export function foreignTableUses(
  file: string,
  source: string,
  lib: string,
  owners: Map<string, string>,
): ForeignTableUse[] {
  const parsed = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const foreign = [...owners].filter(([, owner]) => owner !== lib);
  const uses: ForeignTableUse[] = [];
  for (const { text, node, calledAs } of literals(parsed)) {
    const line = parsed.getLineAndCharacterOfPosition(node.getStart(parsed)).line + 1;
    const bare = text.trim();
    if (calledAs && TABLE_ARGUMENT_CALLS.has(calledAs) && owners.has(bare) && owners.get(bare) !== lib) {
      uses.push({ file, line, table: bare, owner: owners.get(bare)!, sql: text });
      continue;
    }
    if (!SQL.test(text)) continue;
    const sql = text.replace(/'(?:[^']|'')*'/g, "''");
    for (const [table, owner] of foreign) {
      if (new RegExp(`(?<![\\w.$])"?${table}"?(?!\\w)`).test(sql)) uses.push({ file, line, table, owner, sql: text });
    }
  }
  return uses;
}

/** Entity class name → owning library (`@Entity('t') export class XEntity`). */
export function entityClasses(): Map<string, string> {
  const owners = new Map<string, string>();
  for (const lib of libraries()) {
    for (const file of sourceFiles(join(LIBS, lib, 'src')).filter(isProductionSource)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/@Entity\([^)]*\)\s*(?:export\s+)?class\s+(\w+)/g)) {
        owners.set(m[1], lib);
      }
    }
  }
  return owners;
}

/** TypeORM calls that read or write the table of an entity class passed to them. */
const ENTITY_ACCESS_CALLS = new Set([
  'repo',
  'getRepository',
  'createQueryBuilder',
  'from',
  'into',
  'update',
  'insert',
  'upsert',
  'delete',
  'softDelete',
  'save',
  'remove',
  'find',
  'findBy',
  'findOne',
  'findOneBy',
  'findOneOrFail',
  'findAndCount',
  'count',
  'exists',
  'innerJoin',
  'leftJoin',
  'innerJoinAndSelect',
  'leftJoinAndSelect',
]);

/**
 * Where `source` (a file of library `lib`) reads or writes another library's table through TypeORM:
 * `this.db.repo(ctx, AiModelEntity)`, `em.getRepository(UserEntity)`, `em.insert(AuditEventEntity, …)`.
 * Using another library's entity as a type is fine; querying its table is not.
 */
export function foreignEntityUses(
  file: string,
  source: string,
  lib: string,
  classes: Map<string, string>,
): Array<{ file: string; line: number; entity: string; owner: string }> {
  const parsed = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const uses: Array<{ file: string; line: number; entity: string; owner: string }> = [];
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const name = ts.isPropertyAccessExpression(callee)
        ? callee.name.text
        : ts.isIdentifier(callee)
          ? callee.text
          : null;
      if (name && ENTITY_ACCESS_CALLS.has(name)) {
        for (const arg of node.arguments) {
          if (!ts.isIdentifier(arg)) continue;
          const owner = classes.get(arg.text);
          if (owner && owner !== lib) {
            const line = parsed.getLineAndCharacterOfPosition(arg.getStart(parsed)).line + 1;
            uses.push({ file, line, entity: arg.text, owner });
          }
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(parsed);
  return uses;
}

/** Every repository or entity-manager access, in every library's production source, to another's entity. */
export function allForeignEntityUses(classes = entityClasses()) {
  return libraries().flatMap((lib) =>
    sourceFiles(join(LIBS, lib, 'src'))
      .filter(isProductionSource)
      .flatMap((file) => foreignEntityUses(relative(ROOT, file), readFileSync(file, 'utf8'), lib, classes)),
  );
}

/**
 * Files allowed to name other libraries' tables in SQL, each with its reason. Only test tooling belongs here,
 * never code the service runs.
 */
export const FOREIGN_TABLE_EXCEPTIONS: Readonly<Record<string, string>> = {
  'libs/testing/src/scale-seed.ts':
    'the scale data generator (npm run seed:scale, benchmarks) loads a million requests with their audit chain ' +
    'in one transaction through COPY, which the services cannot do; it takes the chain head lock itself',
};

/** Every use, in every library's production source, of another library's table in SQL (exceptions aside). */
export function allForeignTableUses(owners = tableOwners()): ForeignTableUse[] {
  return libraries().flatMap((lib) =>
    sourceFiles(join(LIBS, lib, 'src'))
      .filter(isProductionSource)
      .filter((file) => !(relative(ROOT, file) in FOREIGN_TABLE_EXCEPTIONS))
      .flatMap((file) => foreignTableUses(relative(ROOT, file), readFileSync(file, 'utf8'), lib, owners)),
  );
}
