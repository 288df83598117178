/**
 * Measures idempotent replays against the real service (embedded database, or DATABASE_URL when set):
 * the time of a first castDecision and of its replay with the same Idempotency-Key (both selecting every
 * field of the result), and the size of the kept result. Prints the figures RELIABILITY.md quotes.
 *
 *   npx ts-node -T -r tsconfig-paths/register scripts/measure-idempotency.ts
 */
import 'reflect-metadata';
import { isDeepStrictEqual } from 'node:util';
import { performance } from 'node:perf_hooks';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { awaitingDecision, modelId, fullMutation, createTestEnvironment } from '@app/testing';

const ROUNDS = Number(process.env.ROUNDS ?? 15);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  const env = await createTestEnvironment();
  try {
    const schema = env.app.get(GraphQLSchemaHost).schema;
    const clients = { requester: await env.as('requester'), reviewer: await env.as('reviewer') };
    const approver = await env.as('approver1');
    const model = await modelId(clients.requester, 'Mistral 7B v0.1');
    const query = fullMutation(schema, 'castDecision');
    const first: number[] = [];
    const replay: number[] = [];
    let identical = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const r = await awaitingDecision(clients, model, 'LOW', `Measured ${i}`);
      const variables = {
        requestId: r.id,
        input: { vote: 'APPROVE', rationale: 'fits', conditions: ['yearly review'] },
      };
      const headers = { 'idempotency-key': `measure-${r.id}` };
      let t = performance.now();
      const a = await approver.request(query, variables, headers);
      first.push(performance.now() - t);
      t = performance.now();
      const b = await approver.request(query, variables, headers);
      replay.push(performance.now() - t);
      if (!a.errors && isDeepStrictEqual(a.data, b.data)) identical++;
    }
    const [size] = (await env.dataSource.query(
      `SELECT min(octet_length(response::text)) AS min, max(octet_length(response::text)) AS max
       FROM idempotency_key WHERE key LIKE 'measure-%'`,
    )) as Array<{ min: number; max: number }>;
    console.log(`database: ${process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'embedded'}; rounds: ${ROUNDS}`);
    console.log(`castDecision, every field selected: first call median ${median(first).toFixed(1)} ms`);
    console.log(`replay with the same key: median ${median(replay).toFixed(1)} ms`);
    console.log(`replays deep-equal to the first call: ${identical} of ${ROUNDS}`);
    console.log(`kept result: ${size.min} to ${size.max} bytes of typed JSON`);
  } finally {
    await env.close();
  }
}

void main();
