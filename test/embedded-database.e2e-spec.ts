import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { loadConfig } from '@app/core';
import { DATA_SOURCE } from '@app/persistence';
import { ACTIVATE_ACCOUNT, GraphqlClient, LOGIN, tokenOf } from '@app/testing';
import { invitationLink } from '../apps/cli/src/commands/commands';
import { DataSource } from 'typeorm';
import { createApp } from '../apps/api/src/bootstrap';

/** The embedded default keeps its data in DATA_DIR: what was written is there after a restart. */
describe('embedded database (e2e)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'governance-data-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: dir,
    DEMO_PASSWORD: 'restart-demo-password',
  });
  let app: INestApplication | undefined;

  const start = async () => {
    app = await createApp(config);
    await app.listen(0, '127.0.0.1');
    return new GraphqlClient(`http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`);
  };

  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps users across a restart and seeds only once', async () => {
    expect(config.embedded).toBe(true);
    let client = await start();
    const { login } = await client.ok(LOGIN, { email: 'admin@example.org', password: 'restart-demo-password' });
    await client.withToken(login.accessToken).ok(`mutation { inviteUser(input: {
      email: "kept@example.org", displayName: "Kept", roles: [AUDITOR] }) { __typename } }`);
    const { output } = await invitationLink(app!, 'kept@example.org');
    await client.ok(ACTIVATE_ACCOUNT, {
      token: tokenOf(String(output.activationLink)),
      password: 'a-long-enough-password',
    });
    await app!.close();
    app = undefined;

    client = await start();
    const again = await client.ok(LOGIN, { email: 'kept@example.org', password: 'a-long-enough-password' });
    expect(again.login.user.email).toBe('kept@example.org');
    const [{ n }] = await app!
      .get<DataSource>(DATA_SOURCE)
      .query(`SELECT count(*)::int AS n FROM app_user WHERE email = 'admin@example.org'`);
    expect(n).toBe(1);
  });
});
