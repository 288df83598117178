import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { Kind, parse, print, specifiedRules, validate, ValidationContext } from 'graphql';
import {
  createTestEnvironment,
  fragmentFanOut,
  GraphqlClient,
  HEAVY_SCREEN,
  nestedSiblings,
  TestEnvironment,
} from '@app/testing';
import { MAX_FAMILY_SIBLINGS } from '@app/catalog';
import { operationCost } from '../apps/api/src/graphql/complexity.plugin';
import { LimitCode } from '../apps/api/src/graphql/limit-errors';
import { operationLimitRules, operationLimitsOf } from '../apps/api/src/graphql/operation-limits';

/** Every operation of the README's ```graphql blocks, one document each. */
function readmeOperations(): string[] {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);
  return blocks.flatMap((block) =>
    parse(block)
      .definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION)
      .map((d) => print(d)),
  );
}

/** Counts, per fragment name, how often anything in the process resolves a spread to its fragment. */
function countFragmentLookups() {
  const counts = new Map<string, number>();
  const original = ValidationContext.prototype.getFragment;
  const spy = jest.spyOn(ValidationContext.prototype, 'getFragment').mockImplementation(function (
    this: ValidationContext,
    name: string,
  ) {
    counts.set(name, (counts.get(name) ?? 0) + 1);
    return original.call(this, name);
  });
  return {
    counts,
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
    mostForOneFragment: () => Math.max(0, ...counts.values()),
    restore: () => spy.mockRestore(),
  };
}

describe('GraphQL limits (e2e)', () => {
  let env: TestEnvironment;
  let auditor: GraphqlClient;
  beforeAll(async () => {
    // The shipped defaults: the product's own queries must pass them and the abuse must not.
    env = await createTestEnvironment();
    auditor = await env.as('auditor');
  });
  afterAll(() => env?.close());

  describe('fragment fan-out (fragments that each spread the next one twice)', () => {
    it('refuses 30 fragments with QUERY_TOO_LARGE and HTTP 400, looking each fragment up a bounded number of times', async () => {
      const lookups = countFragmentLookups();
      try {
        const res = await env.anonymous.request(fragmentFanOut(30));
        expect(res.status).toBe(400);
        expect(res.data).toBeUndefined();
        expect(res.errors?.[0].extensions?.code).toBe(LimitCode.QUERY_TOO_LARGE);
        expect(res.errors?.[0].message).toMatch(/expands to more than \d+ selections/);
        // 59 spreads: every rule resolves a spread at most once, not once per path (2^29 paths).
        expect(lookups.total()).toBeLessThanOrEqual(4 * 59);
        expect(lookups.mostForOneFragment()).toBeLessThanOrEqual(8);
      } finally {
        lookups.restore();
      }
    });

    it('does the same work per fragment at 10, 20 and 30 fragments (linear, not exponential)', async () => {
      const perFragment: number[] = [];
      const totals: number[] = [];
      for (const n of [10, 20, 30]) {
        const lookups = countFragmentLookups();
        try {
          // Validation only: 10 fragments pass (512 selections) and would be executed.
          const errors = validate(env.app.get(GraphQLSchemaHost).schema, parse(fragmentFanOut(n)), [
            ...specifiedRules,
            ...operationLimitRules(operationLimitsOf(env.config)),
          ]);
          expect(errors).toEqual([]);
          perFragment.push(lookups.mostForOneFragment());
          totals.push(lookups.total());
        } finally {
          lookups.restore();
        }
      }
      // Depth, aliases and directives (graphql-armor) and graphql-js's rules together.
      expect(perFragment[2]).toBe(perFragment[0]);
      expect(totals[2] - totals[1]).toBe(totals[1] - totals[0]);
    });

    it('serves a fan-out that stays within the limit', async () => {
      const res = await env.anonymous.request(fragmentFanOut(10));
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({ __typename: 'Query' });
    });
  });

  describe('cost: lists count their page size, nested lists multiply', () => {
    it.each([4, 1])(
      'refuses %i alias(es) of a page of models with nested familySiblings (QUERY_TOO_COMPLEX, HTTP 400)',
      async (aliases) => {
        const res = await auditor.request(nestedSiblings(aliases));
        expect(res.status).toBe(400);
        expect(res.data).toBeUndefined();
        expect(res.errors?.[0].extensions?.code).toBe(LimitCode.QUERY_TOO_COMPLEX);
        expect(res.errors?.[0].message).toMatch(/^Query cost \d+ exceeds the limit of \d+$/);
      },
    );

    it('costs familySiblings as MAX_FAMILY_SIBLINGS models, so a second level multiplies by it again', () => {
      const schema = env.app.get(GraphQLSchemaHost).schema;
      const cost = (query: string) => operationCost(schema, parse(query), undefined, {}, 10_000);
      const one = cost(`{ aiModel(id: "x") { id familySiblings { id } } }`);
      const two = cost(`{ aiModel(id: "x") { id familySiblings { id familySiblings { id } } } }`);
      expect(one).toBe(1 + 1 + (1 + MAX_FAMILY_SIBLINGS * 1));
      expect(two).toBe(1 + 1 + (1 + MAX_FAMILY_SIBLINGS * (1 + (1 + MAX_FAMILY_SIBLINGS * 1))));
      // A page multiplies by `first` (20 when omitted); edges add nothing of their own.
      expect(cost(`{ aiModels(first: 100) { edges { node { id } } } }`)).toBe(1 + 100 * (1 + 1));
      expect(cost(`{ aiModels { totalCount edges { node { id } } } }`)).toBe(1 + 20 * (1 + (1 + 1)));
    });

    it('prices the same document anew for each page size given in a variable', async () => {
      const model = 'id name familySiblings { id name familySiblings { id name } }';
      const query = `query($n: Int) { aiModels(first: $n) { edges { node { ${model} } } } }`;
      const schema = env.app.get(GraphQLSchemaHost).schema;
      const max = operationLimitsOf(env.config).maxComplexity;
      const cost = (n: number) => operationCost(schema, parse(query), undefined, { n }, 10_000);
      expect([cost(3) <= max, cost(30) > max]).toEqual([true, true]);
      for (const [n, refused] of [
        [3, false],
        [30, true],
        [3, false],
        [30, true],
      ] as const) {
        const res = await auditor.request(query, { n });
        expect({ n, status: res.status, code: res.errors?.[0].extensions?.code }).toEqual(
          refused ? { n, status: 400, code: LimitCode.QUERY_TOO_COMPLEX } : { n, status: 200, code: undefined },
        );
      }
    });

    it('serves the heaviest screen: 100 requests with requester, model and siblings, assessment, votes, progress and history', async () => {
      const res = await auditor.request(HEAVY_SCREEN);
      expect(res.errors).toBeUndefined();
      expect(res.status).toBe(200);
      expect(res.data?.adoptionRequests.edges.length).toBeGreaterThan(0);
      expect(res.data?.adoptionRequests.edges[0].node.model.familySiblings).toEqual(expect.any(Array));
    });

    it('serves every GraphQL example of the README', async () => {
      const operations = readmeOperations();
      expect(operations.length).toBeGreaterThanOrEqual(6);
      const models = (await auditor.ok(`{ aiModels(first: 3) { edges { node { id name } } } }`)).aiModels.edges;
      const request = (await auditor.ok(`{ adoptionRequests(first: 1) { edges { node { id } } } }`)).adoptionRequests
        .edges[0].node;
      // Queries are read as an auditor; the README's mutation examples (user administration) as the administrator.
      const admin = await env.as('admin');
      for (const operation of operations) {
        const query = operation.replace(/"<id of [^>]*>"/g, JSON.stringify(models[0].node.id));
        const client = /^\s*mutation\b/.test(query) ? admin : auditor;
        const res = await client.request(query, {
          id: request.id,
          models: models.map((m: any) => m.node.id),
          options: models.map((m: any) => ({ modelId: m.node.id })),
        });
        expect({ operation, errors: res.errors, status: res.status }).toEqual({
          operation,
          errors: undefined,
          status: 200,
        });
      }
    });
  });

  describe('every refusal has its own code, HTTP 400, and is not logged as a server error', () => {
    const nested = (levels: number) =>
      `{ aiModels { edges { node { ${'familySiblings { '.repeat(levels)}id${' }'.repeat(levels)} } } } }`;
    const rows: Array<[string, () => string, LimitCode, RegExp]> = [
      ['depth', () => nested(9), LimitCode.QUERY_TOO_DEEP, /depth limit of 10 exceeded, found 13/],
      [
        'aliases',
        () => `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: me { id }`).join(' ')} }`,
        LimitCode.TOO_MANY_ALIASES,
        /Aliases limit of 30 exceeded, found 31/,
      ],
      [
        'directives',
        () => `{ me { ${Array.from({ length: 51 }, () => 'id @include(if: true)').join(' ')} } }`,
        LimitCode.TOO_MANY_DIRECTIVES,
        /Directives limit of 50 exceeded, found 51/,
      ],
      [
        'tokens',
        () => `{ me { ${Array.from({ length: 5001 }, () => 'id').join(' ')} } }`,
        LimitCode.TOO_MANY_TOKENS,
        /more than 5000 tokens/,
      ],
    ];

    it.each(rows)('%s', async (_name, query, code, message) => {
      const logged = jest.spyOn(Logger.prototype, 'error');
      try {
        const res = await env.anonymous.request(query());
        expect(res.status).toBe(400);
        expect(res.errors?.[0].extensions?.code).toBe(code);
        expect(res.errors?.[0].message).toMatch(message);
        expect(JSON.stringify(res.errors)).not.toMatch(/stacktrace|node_modules|Syntax Error/);
        expect(logged).not.toHaveBeenCalled();
      } finally {
        logged.mockRestore();
      }
    });

    it('answers variables that do not fit the operation as BAD_USER_INPUT with HTTP 400', async () => {
      const res = await auditor.request(`query($n: Int) { aiModels(first: $n) { totalCount } }`, { n: 'many' });
      expect(res.status).toBe(400);
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });
  });

  describe('no suggestions, signed in or not', () => {
    const mistakes: Array<[string, string, RegExp]> = [
      ['field', `mutation { castDecisio }`, /^Cannot query field "castDecisio" on type "Mutation"\.$/],
      ['argument', `{ aiModels(fist: 3) { totalCount } }`, /^Unknown argument "fist" on field "Query\.aiModels"\.$/],
      [
        'enum value',
        `{ aiModels(filter: { weightsAccess: OPN }) { totalCount } }`,
        /does not exist in "WeightsAccess" enum\.$/,
      ],
      ['type', `query($f: AiModelFiltr) { aiModels(filter: $f) { totalCount } }`, /^Unknown type "AiModelFiltr"\.$/],
    ];
    it.each(mistakes)('%s', async (_kind, query, message) => {
      for (const client of [env.anonymous, auditor]) {
        const res = await client.request(query);
        expect(res.status).toBe(400);
        const messages = (res.errors ?? []).map((e) => e.message);
        expect(messages.some((m) => message.test(m))).toBe(true);
        expect(messages.join('\n')).not.toMatch(/Did you mean|castDecision"|"first"|"OPEN"|"AiModelFilter"/);
      }
    });

    it('takes suggestions out of variable errors too', async () => {
      const res = await auditor.request(`query($f: AiModelFilter) { aiModels(filter: $f) { totalCount } }`, {
        f: { weightsAccess: 'OPN' },
      });
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].message).not.toMatch(/Did you mean|"OPEN"/);
    });
  });

  describe('familySiblings', () => {
    it(`returns at most ${MAX_FAMILY_SIBLINGS} siblings, open weights first`, async () => {
      const policy = await env.as('policy');
      const create = `mutation($input: CreateAiModelInput!) { createAiModel(input: $input) { __typename ... on AiModel { id } } }`;
      const family = `Limits family ${Date.now()}`;
      const make = (name: string, releaseLevel: string) =>
        policy.ok(create, { input: { name, producer: 'Limits Lab', family, releaseLevel } });
      for (let i = 0; i <= MAX_FAMILY_SIBLINGS; i++) await make(`Closed ${String(i).padStart(2, '0')}`, 'CLOUD_API');
      await make('Zeta open', 'DOWNLOADABLE');
      const { aiModels } = await auditor.ok(
        `query($f: String!) { aiModels(filter: { family: $f }, first: 1) { edges { node { familySiblings { name weightsAccess } } } } }`,
        { f: family },
      );
      const siblings = aiModels.edges[0].node.familySiblings as Array<{ name: string; weightsAccess: string }>;
      expect(siblings).toHaveLength(MAX_FAMILY_SIBLINGS);
      expect(siblings[0]).toEqual({ name: 'Zeta open', weightsAccess: 'OPEN' });
    });
  });
});

describe('GraphQL response size limit (e2e)', () => {
  let env: TestEnvironment;
  beforeAll(async () => {
    env = await createTestEnvironment({ GRAPHQL_MAX_RESPONSE_BYTES: '4096' });
  });
  afterAll(() => env?.close());

  it('answers RESPONSE_TOO_LARGE with HTTP 400 instead of a result over the limit', async () => {
    const auditor = await env.as('auditor');
    const res = await auditor.request(`{ aiModels(first: 100) { edges { node { id name producer licenseName } } } }`);
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    expect(res.errors).toEqual([
      {
        message: 'The result is larger than the limit of 4096 bytes: ask for fewer items or fields',
        extensions: { code: LimitCode.RESPONSE_TOO_LARGE },
      },
    ]);
  });

  it('sends results within the limit', async () => {
    const auditor = await env.as('auditor');
    const res = await auditor.request(`{ aiModels(first: 2) { edges { node { id name } } } }`);
    expect(res.status).toBe(200);
    expect(res.data?.aiModels.edges).toHaveLength(2);
  });
});
