// Fills an organisation with N adoption requests in realistic states, for benchmarks and the EXPLAIN test:
//   npm run seed:scale -- --requests N [--org SLUG] [--append] [--password PW] [--days D]
// The organisation (default "scale") is created when missing, with its users (printed at the end, with the
// password: DEMO_PASSWORD unless --password is given). An organisation that already has requests is refused
// unless --append is given. The database is DATABASE_URL, or the embedded one in DATA_DIR.
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { AppError, ConfigError, loadConfig } from '@app/core';
import { seedScale } from '@app/testing/scale-seed';
import { openCli } from '../apps/cli/src/cli-context';

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      requests: { type: 'string' },
      org: { type: 'string', default: 'scale' },
      append: { type: 'boolean', default: false },
      password: { type: 'string' },
      days: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || !values.requests) {
    console.log('Usage: npm run seed:scale -- --requests N [--org SLUG] [--append] [--password PW] [--days D]');
    return values.help ? 0 : 2;
  }
  const requests = Number(values.requests);
  const days = values.days === undefined ? undefined : Number(values.days);
  const env: NodeJS.ProcessEnv = { ...process.env, SEED_DEMO: 'false', MIGRATIONS_RUN: 'true' };
  env.LOG_LEVEL ??= 'warn';
  // One long transaction of large statements: the service's per-statement and idle bounds do not apply.
  env.DB_STATEMENT_TIMEOUT_MS ??= '0';
  env.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS ??= '0';
  const config = loadConfig(env, { issuesTokens: false });
  const password = values.password ?? config.DEMO_PASSWORD;
  const app = await openCli(config);
  try {
    const result = await seedScale(app, {
      requests,
      org: values.org,
      append: values.append,
      password,
      days,
      log: (line) => console.error(line),
    });
    console.log(JSON.stringify({ ...result, password: values.password ? '(as given)' : 'DEMO_PASSWORD' }, null, 2));
    return 0;
  } finally {
    await app.close();
  }
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((error) => {
    if (error instanceof ConfigError || error instanceof AppError) console.error(error.message);
    else console.error(error);
    process.exit(error instanceof ConfigError ? 78 : 1);
  });
