/**
 * Measures the sign-in limits (RELIABILITY.md section 4): 40 concurrent sign-ins for unknown emails from
 * 40 different client addresses (forwarded through a trusted proxy, so only the concurrency cap applies),
 * then 40 from one address (the per-address limit). Prints outcomes by code and the elapsed time.
 *   npx ts-node -T -r tsconfig-paths/register scripts/measure-login-limits.ts   (DATABASE_URL for PostgreSQL)
 */
import { createTestEnvironment, LOGIN, TestEnvironment } from '@app/testing';

/** 40 sign-ins at once, each for another unknown email (as one client trying many), with wrong passwords. */
async function burst(env: TestEnvironment, tag: string, addresses: (i: number) => string) {
  const started = performance.now();
  const answers = await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      env.anonymous.request(
        LOGIN,
        { email: `${tag}-${i}@example.org`, password: `wrong-${i}` },
        { 'x-forwarded-for': addresses(i) },
      ),
    ),
  );
  const byCode: Record<string, number> = {};
  for (const a of answers) {
    const message = a.errors?.[0]?.message ?? '';
    const why = /address/.test(message) ? ' per address' : /busy/.test(message) ? ' concurrency' : '';
    const key = `${String(a.errors?.[0]?.extensions?.code ?? 'OK')}${why} (HTTP ${a.status})`;
    byCode[key] = (byCode[key] ?? 0) + 1;
  }
  return { ms: Math.round(performance.now() - started), byCode };
}

async function main() {
  const env = await createTestEnvironment({
    TRUST_PROXY: 'loopback',
    LOGIN_IP_MAX_PER_MINUTE: '30',
    LOG_LEVEL: 'silent',
  });
  try {
    const db = process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded';
    console.log(`database: ${db}; LOGIN_MAX_CONCURRENT=${env.config.LOGIN_MAX_CONCURRENT}, LOGIN_IP_MAX_PER_MINUTE=30`);
    console.log('40 concurrent, 40 addresses:', JSON.stringify(await burst(env, 'many', (i) => `203.0.113.${i + 1}`)));
    console.log('40 concurrent, one address: ', JSON.stringify(await burst(env, 'one', () => '198.51.100.1')));
  } finally {
    await env.close();
  }
}

void main();
