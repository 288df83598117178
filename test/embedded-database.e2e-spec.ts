import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { GENERATED_SECRET_FILES, loadConfig, REFUSED_JWT_SECRETS } from '@app/core';
import { DATA_DIR_LOCK_FILE, DATA_SOURCE } from '@app/persistence';
import { addTestUser, GraphqlClient, LOGIN } from '@app/testing';
import { SignJWT } from 'jose';
import { DataSource } from 'typeorm';
import { createApp } from '../apps/api/src/bootstrap';
import { CLI_MAIN, runToExit, STACK_LINE } from './source-process';

const ME = `{ me { id email organisation { id } } }`;
const ADMIN = { email: 'admin@example.org', password: 'restart-demo-password' };

/**
 * The embedded default keeps its data in DATA_DIR: what was written is there after a restart, the directory
 * is held by one process at a time, and the signing secret is generated for it, never taken from the source.
 */
describe('embedded database (e2e)', () => {
  // Each test starts the service on a data directory once or twice: a fresh PGlite cluster is slow to create.
  jest.setTimeout(300_000);
  const dir = mkdtempSync(join(tmpdir(), 'governance-data-'));
  const noCatalogData = mkdtempSync(join(tmpdir(), 'no-mot-')); // the curated catalog alone: a lighter seed
  // Read anew at every start, as a restarted process would: nothing carries over but DATA_DIR.
  const environment = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: dir,
    DEMO_PASSWORD: ADMIN.password,
    MOT_DATA_DIR: noCatalogData,
  };
  let app: INestApplication | undefined;
  let client: GraphqlClient;

  const start = async () => {
    app = await createApp(loadConfig(environment));
    await app.listen(0, '127.0.0.1');
    client = new GraphqlClient(`http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`);
    return client;
  };
  const stop = async () => {
    await app?.close();
    app = undefined;
  };
  const restart = async () => {
    await stop();
    return start();
  };
  const running = async () => (app ? client : start());
  const signIn = async () => (await (await running()).ok(LOGIN, ADMIN)).login.accessToken as string;
  const lockFile = join(dir, DATA_DIR_LOCK_FILE);

  afterAll(async () => {
    await stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(noCatalogData, { recursive: true, force: true });
  });

  it('keeps users across a restart and seeds only once', async () => {
    await running();
    await addTestUser(app!, 'demo', {
      email: 'kept@example.org',
      password: 'a-long-enough-password',
      roles: ['AUDITOR'],
    });

    await restart();
    const again = await client.ok(LOGIN, { email: 'kept@example.org', password: 'a-long-enough-password' });
    expect(again.login.user.email).toBe('kept@example.org');
    const [{ n }] = await app!
      .get<DataSource>(DATA_SOURCE)
      .query(`SELECT count(*)::int AS n FROM app_user WHERE email = 'admin@example.org'`);
    expect(n).toBe(1);
  });

  it('keeps the signing secret it generated in DATA_DIR, readable by its owner only: tokens outlive a restart', async () => {
    const token = await signIn();
    const file = join(dir, GENERATED_SECRET_FILES.jwtSecret);
    const secret = readFileSync(file, 'utf8');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(REFUSED_JWT_SECRETS).not.toContain(secret);

    await restart();
    const { me } = await client.withToken(token).ok(ME);
    expect(me.email).toBe(ADMIN.email);
    expect(readFileSync(file, 'utf8')).toBe(secret);
  });

  it('refuses an ORG_ADMIN token signed with the secret that earlier versions published in their source', async () => {
    const { me } = await (await running()).withToken(await signIn()).ok(ME);
    const forged = await new SignJWT({ org: me.organisation.id })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(me.id)
      .setIssuer(loadConfig(environment).JWT_ISSUER)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(REFUSED_JWT_SECRETS[0]));
    const res = await client.withToken(forged).request(ME);
    expect(res.data?.me).toBeFalsy();
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it("refuses a second server on the same DATA_DIR, naming the holder's pid, and the first keeps serving", async () => {
    await running();
    await expect(createApp(loadConfig(environment))).rejects.toThrow(
      new RegExp(`DATA_DIR: .* is in use by process ${process.pid} `),
    );
    expect(readFileSync(lockFile, 'utf8')).toBe(`${process.pid}\n${hostname()}\n`);
    expect((await fetch(`${client.baseUrl}/ready`)).status).toBe(200);
    expect((await client.ok(LOGIN, ADMIN)).login.accessToken).toEqual(expect.any(String));
  });

  it("refuses the CLI while the server runs, naming the server's pid (exit code 78)", async () => {
    await running();
    const { code, output } = await runToExit(CLI_MAIN, ['migrate'], environment, 280_000);
    expect(output).toMatch(new RegExp(`DATA_DIR: ${dir} is in use by process ${process.pid} `));
    expect(output).not.toMatch(STACK_LINE);
    expect(code).toBe(78);
    expect((await fetch(`${client.baseUrl}/ready`)).status).toBe(200);
  });

  it('takes over the lock of a process that is gone, and releases it on close', async () => {
    await stop();
    const gone = spawnSync(process.execPath, ['-e', 'process.pid']).pid!; // has exited when spawnSync returns
    writeFileSync(lockFile, `${gone}\n${hostname()}\n`);

    await start();
    expect(readFileSync(lockFile, 'utf8')).toBe(`${process.pid}\n${hostname()}\n`);
    expect((await client.ok(LOGIN, ADMIN)).login.accessToken).toEqual(expect.any(String));
    await stop();
    expect(() => statSync(lockFile)).toThrow(/ENOENT/);
  });
});
