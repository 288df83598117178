/**
 * Measures the GraphQL limits against the real service (embedded database, or DATABASE_URL when set):
 * time to refuse a fragment fan-out and the nested-familySiblings abuse, `/health` latency while they
 * run, and what the product's heaviest screen costs and takes. Prints the figures RELIABILITY.md quotes.
 *
 *   npm run measure:limits
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { Kind, parse, print } from 'graphql';
import {
  awaitingDecision,
  modelId,
  createTestEnvironment,
  fragmentFanOut,
  HEAVY_SCREEN,
  nestedSiblings,
} from '@app/testing';
import { operationCost } from '../apps/api/src/graphql/complexity.plugin';
import { maxExpandedSelections, operationLimitsOf } from '../apps/api/src/graphql/operation-limits';

const ROUNDS = 20;

const ms = (v: number) => `${v.toFixed(1)} ms`;
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

async function main() {
  const env = await createTestEnvironment({ LOG_LEVEL: 'silent' });
  const health = `${env.baseUrl}/health`;
  try {
    const auditor = await env.as('auditor');
    const schema = env.app.get(GraphQLSchemaHost).schema;
    const limits = operationLimitsOf(env.config);
    const cost = (query: string, variables: Record<string, unknown> = {}) =>
      operationCost(schema, parse(query), undefined, variables, Number.MAX_SAFE_INTEGER);
    console.log(`database: ${env.config.embedded ? 'embedded (PGlite)' : 'PostgreSQL'}`);
    console.log(
      `limits: cost ${limits.maxComplexity}, depth ${limits.maxDepth}, aliases ${limits.maxAliases}, ` +
        `directives ${limits.maxDirectives}, tokens ${limits.maxTokens} (expanded selections ${maxExpandedSelections(limits)}), ` +
        `response ${limits.maxResponseBytes} bytes`,
    );

    /** `/health` latency, polled one request after another while `during` runs. */
    const healthWhile = async (during: () => Promise<void>) => {
      const latencies: number[] = [];
      let running = true;
      const poll = (async () => {
        while (running) {
          const t = performance.now();
          await (await fetch(health)).text();
          latencies.push(performance.now() - t);
        }
      })();
      await during();
      running = false;
      await poll;
      return latencies;
    };
    const idle = await healthWhile(async () => new Promise((r) => setTimeout(r, 500)));
    console.log(
      `/health idle: p50 ${ms(percentile(idle, 50))}, max ${ms(Math.max(...idle))} (${idle.length} requests)`,
    );

    const attack = async (label: string, send: () => Promise<{ status: number; code?: string }>) => {
      const times: number[] = [];
      let answer: { status: number; code?: string } = { status: 0 };
      const latencies = await healthWhile(async () => {
        for (let i = 0; i < ROUNDS; i++) {
          const t = performance.now();
          answer = await send();
          times.push(performance.now() - t);
        }
      });
      console.log(
        `${label}: HTTP ${answer.status} ${answer.code}; refused in p50 ${ms(percentile(times, 50))}, ` +
          `max ${ms(Math.max(...times))} (${ROUNDS} requests); /health meanwhile p50 ${ms(percentile(latencies, 50))}, ` +
          `max ${ms(Math.max(...latencies))} (${latencies.length} requests)`,
      );
    };
    for (const n of [24, 30]) {
      await attack(`fan-out, ${n} fragments (${fragmentFanOut(n).length} bytes)`, async () => {
        const res = await env.anonymous.request(fragmentFanOut(n));
        return { status: res.status, code: res.errors?.[0]?.extensions?.code };
      });
    }
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const examples = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].flatMap((m) =>
      parse(m[1])
        .definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION)
        .map((d) => cost(print(d), { id: 'request', models: Array.from({ length: 10 }, (_, i) => `model-${i}`) })),
    );
    console.log(`README examples: ${examples.length} operations, costs ${examples.join(', ')}`);
    const abuse = nestedSiblings(4);
    console.log(`nested familySiblings abuse: ${abuse.length} bytes, cost ${cost(abuse)}`);
    await attack('nested familySiblings abuse, 4 aliases', async () => {
      const res = await auditor.request(abuse);
      return { status: res.status, code: res.errors?.[0]?.extensions?.code };
    });

    // The heaviest screen on a full page: 100 requests awaiting decision, each assessed (10 risk items) and
    // with its history, for a model that has family siblings.
    const requester = await env.as('requester');
    const reviewer = await env.as('reviewer');
    const mistral = await modelId(auditor, 'Mistral 7B v0.1');
    const existing = (await auditor.ok(`{ adoptionRequests { totalCount } }`)).adoptionRequests.totalCount as number;
    let refused = 0;
    for (let i = existing; i < 100; i++) {
      try {
        await awaitingDecision({ requester, reviewer }, mistral, 'MEDIUM', `Measured request ${i}`);
      } catch (error) {
        if (refused++ === 0) console.log(`seeding a request was refused: ${(error as Error).message}`);
      }
    }
    const screen = async () => {
      const res = await fetch(`${env.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${auditor.token}` },
        body: JSON.stringify({ query: HEAVY_SCREEN }),
      });
      return { status: res.status, body: await res.text() };
    };
    const times: number[] = [];
    let last = { status: 0, body: '' };
    const latencies = await healthWhile(async () => {
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        last = await screen();
        times.push(performance.now() - t);
      }
    });
    const rows = (JSON.parse(last.body) as { data?: { adoptionRequests?: { edges: unknown[] } } }).data
      ?.adoptionRequests?.edges.length;
    console.log(
      `heavy screen: cost ${cost(HEAVY_SCREEN)}, HTTP ${last.status}, ${rows} requests, ` +
        `${Buffer.byteLength(last.body)} bytes; served in p50 ${ms(percentile(times, 50))}, max ${ms(Math.max(...times))} ` +
        `(5 requests); /health meanwhile p50 ${ms(percentile(latencies, 50))}, max ${ms(Math.max(...latencies))}`,
    );
  } finally {
    await env.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
