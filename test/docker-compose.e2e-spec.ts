import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * docker/compose.yml runs the service under the least-privilege role of docker/db-roles.sql. No container
 * engine runs on the machines that test this, so the files are read as Docker would read them.
 */
describe('docker/compose.yml', () => {
  const dockerDir = join(__dirname, '..', 'docker');
  interface Service {
    image?: string;
    build?: unknown;
    environment?: Record<string, string>;
    volumes?: string[];
    command?: string[];
    ports?: string[];
    depends_on?: Record<string, { condition: string }>;
  }
  const compose = parse(readFileSync(join(dockerDir, 'compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, Service>;
  };
  const { postgres, migrate, api } = compose.services;
  const roles = compose.services['db-roles'];
  const rolesSql = readFileSync(join(dockerDir, 'db-roles.sql'), 'utf8');
  const owner = postgres.environment!.POSTGRES_USER;
  /** The user of a connection URL that may hold ${VARIABLE} interpolations. */
  const userOf = (url: string) => new URL(url.replace(/\$\{[^}]+\}/g, 'x')).username;

  it('runs the API as the role that db-roles.sql creates, not as the owner (a superuser in this image)', () => {
    const appRole = roles.environment!.APP_ROLE;
    expect(appRole).toMatch(/^[a-z_][a-z0-9_]*$/);
    expect(userOf(api.environment!.DATABASE_URL)).toBe(appRole);
    expect(appRole).not.toBe(owner);
    expect(JSON.stringify(api.environment)).not.toContain('POSTGRES_PASSWORD'); // the owner's credentials
  });

  it('creates that role without superuser, database or role creation rights, append-only on the audit log', () => {
    const statements = rolesSql.replace(/--.*$/gm, '');
    expect(statements).toMatch(/CREATE ROLE :app_role LOGIN PASSWORD :app_password;/);
    expect(statements).not.toMatch(/SUPERUSER|CREATEDB|CREATEROLE|BYPASSRLS|REPLICATION|GRANT ALL/i);
    for (const table of ['audit_event', 'decision_record', 'audit_checkpoint']) {
      expect(statements).toContain(`REVOKE UPDATE, DELETE, TRUNCATE ON ${table} FROM :app_role;`);
    }
  });

  it('applies docker/db-roles.sql as the owner after the migrations, before the API starts', () => {
    const mount = roles.volumes!.find((v) => v.startsWith('./db-roles.sql:'));
    expect(mount).toBeDefined();
    const target = mount!.split(':')[1];
    const script = roles.command!.join(' ');
    expect(script).toContain(target);
    expect(script).toMatch(/psql -v ON_ERROR_STOP=1 -v app_role="\$\$APP_ROLE"/);
    expect(roles.environment!.PGUSER).toBe(owner);
    expect(roles.depends_on).toEqual({ migrate: { condition: 'service_completed_successfully' } });
    expect(api.depends_on).toEqual({ 'db-roles': { condition: 'service_completed_successfully' } });
  });

  it('migrates as the owner with the operator CLI, and the API leaves the schema alone', () => {
    expect(userOf(migrate.environment!.DATABASE_URL)).toBe(owner);
    expect(migrate.command).toEqual(['node', 'dist/apps/cli/src/main.js', 'migrate']);
    expect(migrate.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(api.environment!.MIGRATIONS_RUN).toBe('false');
    expect(api.image).toBe(migrate.image);
  });

  it('runs the API in production with secrets that must be given, listening on every interface', () => {
    expect(api.environment).toMatchObject({ NODE_ENV: 'production', HOST: '0.0.0.0' });
    expect(api.environment!.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?/);
    expect(api.environment!.AUDIT_SIGNING_KEY).toMatch(/^\$\{AUDIT_SIGNING_KEY:\?/);
    expect(api.environment!.DATABASE_URL).toContain('${APP_DB_PASSWORD:?');
    expect(postgres.ports).toBeUndefined(); // the database is reachable from the compose network only
  });

  it('builds an image that listens on every interface (the service binds to 127.0.0.1 by default)', () => {
    const dockerfile = readFileSync(join(dockerDir, 'Dockerfile'), 'utf8');
    const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(finalStage).toMatch(/^ENV [^\n]*(\\\n[^\n]*)*\bHOST=0\.0\.0\.0\b/m);
    expect(finalStage).toMatch(/^USER node$/m);
  });
});
