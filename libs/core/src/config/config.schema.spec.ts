import { ConfigError, DEVELOPMENT_JWT_SECRET, loadConfig } from './config.schema';

describe(loadConfig.name, () => {
  it('applies the embedded defaults when nothing is set', () => {
    const sut = loadConfig({});
    expect(sut).toMatchObject({ PORT: 3000, DATA_DIR: './.data', embedded: true, dbPoolSize: 1, seedDemo: true });
    expect(sut.jwtSecret).toBe(DEVELOPMENT_JWT_SECRET);
  });

  it('uses an external database when DATABASE_URL is set', () => {
    const sut = loadConfig({ DATABASE_URL: 'postgres://u@127.0.0.1:5432/test' });
    expect(sut).toMatchObject({ embedded: false, dbPoolSize: 10, seedDemo: false });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ JWT_TTL_SECONDS: '5' }, 'JWT_TTL_SECONDS'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ MIGRATIONS_RUN: 'maybe' }, 'MIGRATIONS_RUN'],
    [{ OIDC_ISSUER: 'https://idp.example' }, 'OIDC_ISSUER'],
    [{ NODE_ENV: 'production' }, 'JWT_SECRET'],
    [{ NODE_ENV: 'production', JWT_SECRET: DEVELOPMENT_JWT_SECRET }, 'JWT_SECRET'],
    [{ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }, 'AUDIT_SIGNING_KEY'],
  ])('refuses %j naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`${variable}:`));
  });

  it('accepts production with a secret of its own', () => {
    const sut = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), AUDIT_SIGNING_KEY: 'a-key' });
    expect(sut.jwtSecret).toBe('x'.repeat(40));
  });
});
