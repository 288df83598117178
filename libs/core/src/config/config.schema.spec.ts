import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, configSchema, GENERATED_SECRET_FILES, loadConfig, REFUSED_JWT_SECRETS } from './config.schema';

const pem = (type: 'ed25519' | 'rsa') =>
  generateKeyPairSync(type as 'ed25519', type === 'rsa' ? ({ modulusLength: 1024 } as never) : undefined)
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
const ED25519_KEY = pem('ed25519');
const SECRET = 'x'.repeat(40);
const PUBLISHED_SECRET = REFUSED_JWT_SECRETS[0];

describe(loadConfig.name, () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'config-spec-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('applies the schema defaults when nothing is set', () => {
    expect(configSchema.parse({})).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', DATA_DIR: './.data' });
  });

  it('applies the embedded defaults: loopback, one connection, demo data', () => {
    const sut = loadConfig({ DATA_DIR: dataDir });
    expect(sut).toMatchObject({ HOST: '127.0.0.1', embedded: true, dbPoolSize: 1, seedDemo: true });
  });

  it('generates the embedded signing secrets once, kept in DATA_DIR readable by the owner only', () => {
    const first = loadConfig({ DATA_DIR: dataDir });
    expect(first.jwtSecret).toHaveLength(64);
    expect(REFUSED_JWT_SECRETS).not.toContain(first.jwtSecret);
    for (const file of Object.values(GENERATED_SECRET_FILES)) {
      expect(statSync(join(dataDir, file)).mode & 0o777).toBe(0o600);
    }
    expect(readFileSync(join(dataDir, GENERATED_SECRET_FILES.jwtSecret), 'utf8')).toBe(first.jwtSecret);
    expect(first.AUDIT_SIGNING_KEY).toMatch(/^-----BEGIN PRIVATE KEY-----/);

    const again = loadConfig({ DATA_DIR: dataDir });
    expect(again.jwtSecret).toBe(first.jwtSecret);
    expect(again.AUDIT_SIGNING_KEY).toBe(first.AUDIT_SIGNING_KEY);
  });

  it('generates a secret per process with DATA_DIR=memory:// and writes no file', () => {
    const a = loadConfig({ DATA_DIR: 'memory://' });
    const b = loadConfig({ DATA_DIR: 'memory://' });
    expect(a.jwtSecret).not.toBe(b.jwtSecret);
    expect(a.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(a.AUDIT_SIGNING_KEY).toBeUndefined(); // the audit signer makes a key of its own, per process
  });

  it('prefers configured secrets and writes no file then', () => {
    const sut = loadConfig({ DATA_DIR: dataDir, JWT_SECRET: SECRET, AUDIT_SIGNING_KEY: ED25519_KEY });
    expect(sut).toMatchObject({ jwtSecret: SECRET, AUDIT_SIGNING_KEY: ED25519_KEY });
    expect(() => statSync(join(dataDir, GENERATED_SECRET_FILES.jwtSecret))).toThrow(/ENOENT/);
  });

  it('refuses a kept secret that other users may read, naming DATA_DIR', () => {
    loadConfig({ DATA_DIR: dataDir });
    chmodSync(join(dataDir, GENERATED_SECRET_FILES.jwtSecret), 0o644);
    expect(() => loadConfig({ DATA_DIR: dataDir })).toThrow(/DATA_DIR: .*jwt-secret may be read by other users/);
  });

  it('uses an external database when DATABASE_URL is set', () => {
    const sut = loadConfig({ DATABASE_URL: 'postgres://u@127.0.0.1:5432/test', JWT_SECRET: SECRET });
    expect(sut).toMatchObject({ embedded: false, dbPoolSize: 10, seedDemo: false, jwtSecret: SECRET });
  });

  it('lets a process that issues no tokens (the CLI) use DATABASE_URL without JWT_SECRET', () => {
    const sut = loadConfig({ DATABASE_URL: 'postgres://u@127.0.0.1:5432/test' }, { issuesTokens: false });
    expect(sut.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(REFUSED_JWT_SECRETS).not.toContain(sut.jwtSecret);
  });

  it('never seeds the demo users in production, even on the embedded database', () => {
    const sut = loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET, AUDIT_SIGNING_KEY: ED25519_KEY });
    expect(sut).toMatchObject({ embedded: true, seedDemo: false });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ JWT_TTL_SECONDS: '5' }, 'JWT_TTL_SECONDS'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ MIGRATIONS_RUN: 'maybe' }, 'MIGRATIONS_RUN'],
    [{ OIDC_ISSUER: 'https://idp.example' }, 'OIDC_ISSUER'],
    [{ HOST: 'every interface' }, 'HOST'],
    [{ NODE_ENV: 'production' }, 'JWT_SECRET'],
    [{ NODE_ENV: 'production', JWT_SECRET: PUBLISHED_SECRET }, 'JWT_SECRET'],
    [{ JWT_SECRET: PUBLISHED_SECRET }, 'JWT_SECRET'],
    [{ DATABASE_URL: 'postgres://u@127.0.0.1:5432/test' }, 'JWT_SECRET'],
    [{ NODE_ENV: 'production', JWT_SECRET: SECRET }, 'AUDIT_SIGNING_KEY'],
    [{ NODE_ENV: 'production', JWT_SECRET: SECRET, AUDIT_SIGNING_KEY: ED25519_KEY, SEED_DEMO: 'true' }, 'SEED_DEMO'],
    [{ AUDIT_SIGNING_KEY: 'a-key' }, 'AUDIT_SIGNING_KEY'],
    [{ AUDIT_SIGNING_KEY: '-----BEGIN PRIVATE KEY-----\\nAAAA\\n-----END PRIVATE KEY-----' }, 'AUDIT_SIGNING_KEY'],
    [{ AUDIT_SIGNING_KEY: pem('rsa') }, 'AUDIT_SIGNING_KEY'],
  ])('refuses %j naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`${variable}:`));
  });

  it('names a malformed AUDIT_SIGNING_KEY without echoing it', () => {
    expect(() => loadConfig({ AUDIT_SIGNING_KEY: 'not-a-key-c2VjcmV0' })).toThrow(
      /AUDIT_SIGNING_KEY: is not a readable private key/,
    );
    expect(() => loadConfig({ AUDIT_SIGNING_KEY: 'not-a-key-c2VjcmV0' })).not.toThrow(/c2VjcmV0/);
  });

  it('accepts production with secrets of its own, PEM or base64 DER, with escaped line breaks', () => {
    const der = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
    for (const key of [ED25519_KEY, ED25519_KEY.replace(/\n/g, '\\n'), der]) {
      const sut = loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET, AUDIT_SIGNING_KEY: key });
      expect(sut.jwtSecret).toBe(SECRET);
    }
  });

  it('lets the CLI run in production without JWT_SECRET, but never with the demo seed', () => {
    const production = { NODE_ENV: 'production', AUDIT_SIGNING_KEY: ED25519_KEY };
    expect(loadConfig(production, { issuesTokens: false }).seedDemo).toBe(false);
    expect(() => loadConfig({ ...production, SEED_DEMO: 'true' }, { issuesTokens: false })).toThrow(/SEED_DEMO:/);
  });
});
