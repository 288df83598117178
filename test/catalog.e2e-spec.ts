import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventEmitter2 } from '@nestjs/event-emitter';
import {
  CatalogSourceService,
  MODEL_MATERIALLY_CHANGED,
  ModelMateriallyChangedEvent,
  parseMotRecord,
} from '@app/catalog';
import { createTestEnvironment, DemoUser, GraphqlClient, MOT_RECORD, TestEnvironment } from '@app/testing';
import { itWithMotData, MOT_DATA_DIR, MOT_DATA_PRESENT } from '@app/testing/mot-data';

/** The project's own small data folder in the tool's format (see its README). */
const MOT_FIXTURE_DIR = join(__dirname, '..', 'libs', 'catalog', 'src', 'openness', 'fixtures', 'mot-data');
import { importMot } from '../apps/cli/src/commands/commands';

const FIELDS = `id key name producer family version releaseVersion releaseLevel weightsAccess gated licenseName licenseKind
  obligations { kind threshold text } mofClass mofProgress { classI classII classIII } osaid { conformant missing }
  components { name released license status } hostingOptions languages fineTuning trainingDataOpenness sources { field url } retired
  dataQuality { code field message }`;
const LIST = `query($filter: AiModelFilter, $first: Int, $after: String) {
  aiModels(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name weightsAccess licenseKind mofClass producer family languages hostingOptions } } } }`;
const GET = `query($id: ID!) { aiModel(id: $id) { ${FIELDS} familySiblings { name weightsAccess releaseLevel } } }`;
const RESULT = `... on AiModel { ${FIELDS} } ... on ErrorResult { errorCode message }
  ... on ValidationError { fieldErrors { field message } } ... on ConcurrentModificationError { currentVersion }`;
const IMPORT = `mutation($yaml: String!) { importModelOpennessRecord(yaml: $yaml) { __typename ${RESULT} } }`;
const CREATE = `mutation($input: CreateAiModelInput!) { createAiModel(input: $input) { __typename ${RESULT} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateAiModelInput!, $v: Int!) {
  updateAiModel(id: $id, input: $input, expectedVersion: $v) { __typename ${RESULT} } }`;

const newModel = (name: string) => ({
  name,
  producer: 'Example Lab',
  family: 'Example',
  releaseLevel: 'DOWNLOADABLE',
  licenseName: 'Apache-2.0',
  languages: ['en', 'sw'],
  hostingOptions: ['SELF_HOSTED'],
  fineTuning: ['WEIGHTS'],
  sources: [{ field: 'licenseName', url: 'https://example.org/model-card' }],
  components: [
    { name: 'Model parameters (Final)', license: 'Apache-2.0' },
    { name: 'Model architecture', license: 'Apache-2.0' },
  ],
});

async function find(client: GraphqlClient, search: string) {
  const data = await client.ok(LIST, { filter: { search }, first: 10 });
  return data.aiModels.edges.map((e: { node: { id: string; name: string } }) => e.node);
}

describe('model catalog (e2e)', () => {
  let env: TestEnvironment;
  let requester: GraphqlClient;
  let policy: GraphqlClient;
  beforeAll(async () => {
    env = await createTestEnvironment();
    requester = await env.as('requester');
    policy = await env.as('policy');
  });
  afterAll(() => env?.close());

  describe('what a requester sees', () => {
    it('seeds every organisation with the whole catalog', async () => {
      const expected = env.app.get(CatalogSourceService).seedCatalog().length;
      expect(expected).toBeGreaterThanOrEqual(30);
      expect((await requester.ok(LIST, { first: 1 })).aiModels.totalCount).toBe(expected);
      const other = await env.as('otherRequester');
      expect((await other.ok(LIST, { first: 1 })).aiModels.totalCount).toBe(expected);
    });

    itWithMotData('seeds every Model Openness Tool record and the curated overlay', async () => {
      const files = readdirSync(join(MOT_DATA_DIR, 'models')).filter((f) => f.endsWith('.yml')).length;
      expect(files).toBe(273);
      expect(env.app.get(CatalogSourceService).seedCatalog().length).toBeGreaterThanOrEqual(273 + 10);
    });

    it('lists open-weight models under OSI-approved licences', async () => {
      const { aiModels } = await requester.ok(LIST, {
        filter: { weightsAccess: 'OPEN', licenseKind: 'OSI_APPROVED' },
        first: 100,
      });
      expect(aiModels.totalCount).toBeGreaterThan(MOT_DATA_PRESENT ? 20 : 5);
      const names = aiModels.edges.map((e: { node: { name: string } }) => e.node.name);
      expect(names).toEqual(expect.arrayContaining(['OLMo 7B', 'Mistral 7B v0.1']));
      for (const { node } of aiModels.edges)
        expect(node).toMatchObject({ weightsAccess: 'OPEN', licenseKind: 'OSI_APPROVED' });
    });

    it('shows GPT-4o as CLOSED with its missing components', async () => {
      const [gpt4o] = (await find(requester, 'GPT-4o')).filter((m: { name: string }) => m.name === 'GPT-4o');
      const { aiModel } = await requester.ok(GET, { id: gpt4o.id });
      expect(aiModel).toMatchObject({ weightsAccess: 'CLOSED', releaseLevel: 'CLOUD_API', mofClass: 'UNCLASSIFIED' });
      expect(aiModel.osaid.conformant).toBe(false);
      expect(aiModel.osaid.missing).toContain('Model parameters (Final) under open terms');
      const params = aiModel.components.find((c: { name: string }) => c.name === 'Model parameters (Final)');
      expect(params).toMatchObject({ released: false, status: 'missing' });
      expect(aiModel.sources.length).toBeGreaterThan(0);
    });

    itWithMotData("shows GPT-4o's proprietary architecture from its Model Openness Tool record", async () => {
      const [gpt4o] = (await find(requester, 'GPT-4o')).filter((m: { name: string }) => m.name === 'GPT-4o');
      const { aiModel } = await requester.ok(GET, { id: gpt4o.id });
      const architecture = aiModel.components.find((c: { name: string }) => c.name === 'Model architecture');
      expect(architecture).toMatchObject({ released: false, license: 'Proprietary', status: 'invalid' });
    });

    it("shows Llama 3.1's monthly-active-user threshold and acceptable-use policy", async () => {
      const [llama] = (await find(requester, 'Llama 3.1 8B')).filter((m: { name: string }) =>
        /^Llama 3\.1 8B/.test(m.name),
      );
      const { aiModel } = await requester.ok(GET, { id: llama.id });
      expect(aiModel.weightsAccess).toBe('GATED');
      expect(aiModel.licenseKind).toBe('COMMUNITY_CUSTOM');
      expect(aiModel.obligations).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'USER_THRESHOLD', threshold: 700000000 }),
          expect.objectContaining({ kind: 'ACCEPTABLE_USE_POLICY' }),
        ]),
      );
      expect(aiModel.sources.some((s: { field: string }) => s.field === 'obligations')).toBe(true);
    });

    it('finds the open sibling of a closed model in the same family', async () => {
      const [large] = (await find(requester, 'Mistral Large')).filter(
        (m: { weightsAccess: string }) => m.weightsAccess === 'CLOSED',
      );
      const { aiModel } = await requester.ok(GET, { id: large.id });
      expect(aiModel.familySiblings.length).toBeGreaterThan(0);
      expect(aiModel.familySiblings[0].weightsAccess).toBe('OPEN');
      expect(aiModel.familySiblings.map((s: { name: string }) => s.name)).toContain('Mistral 7B v0.1');
    });

    itWithMotData('classifies the fully open research models as MOF class I', async () => {
      const { aiModels } = await requester.ok(LIST, { filter: { mofClass: 'CLASS_I' }, first: 100 });
      const names = aiModels.edges.map((e: { node: { name: string } }) => e.node.name);
      expect(names).toEqual(expect.arrayContaining(['OLMo 7B', 'Amber 7B']));
      expect(names).not.toContain('GPT-4o');
    });
  });

  describe('filters and pagination', () => {
    it.each([
      [{ weightsAccess: 'CLOSED' }, (n: any) => n.weightsAccess === 'CLOSED'],
      [{ producer: 'meta' }, (n: any) => n.producer.toLowerCase() === 'meta'],
      [{ family: 'Mistral' }, (n: any) => n.family === 'Mistral'],
      [{ language: 'sw' }, (n: any) => n.languages.some((l: string) => l === 'sw' || l.startsWith('sw-'))],
      [{ hostingOption: 'VENDOR_API' }, (n: any) => n.hostingOptions.includes('VENDOR_API')],
      [{ search: 'olmo 7b' }, (n: any) => /olmo/i.test(n.name)],
    ])('filter %j returns only matching models', async (filter, matches) => {
      const { aiModels } = await requester.ok(LIST, { filter, first: 100 });
      expect(aiModels.totalCount).toBeGreaterThan(0);
      expect(aiModels.edges.length).toBe(Math.min(100, aiModels.totalCount));
      for (const { node } of aiModels.edges) expect(matches(node)).toBe(true);
    });

    it('walks every page exactly once, in name order', async () => {
      const seen: string[] = [];
      const names: string[] = [];
      let after: string | null = null;
      let total = 0;
      for (let page = 0; page < 20; page++) {
        const { aiModels }: any = await requester.ok(LIST, { first: 37, after });
        total = aiModels.totalCount;
        seen.push(...aiModels.edges.map((e: any) => e.node.id));
        names.push(...aiModels.edges.map((e: any) => e.node.name.toLowerCase()));
        if (!aiModels.pageInfo.hasNextPage) break;
        after = aiModels.pageInfo.endCursor;
      }
      expect(seen.length).toBe(total);
      expect(new Set(seen).size).toBe(total);
      expect([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(names);
    });

    it.each([
      [{ first: 101 }, /first must be between 1 and 100/],
      [{ first: 0 }, /first must be between 1 and 100/],
      [{ after: 'not-a-cursor' }, /after is not a cursor/],
      [{ filter: { language: 'not a language!' } }, /language must be a BCP 47 code/],
    ])('refuses %j with BAD_USER_INPUT', async (vars, message) => {
      const res = await requester.request(LIST, vars);
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].message).toMatch(message);
    });
  });

  describe('permissions', () => {
    const roles: DemoUser[] = ['admin', 'requester', 'reviewer', 'approver1', 'auditor', 'otherRequester'];
    const yaml = MOT_RECORD('Permission Probe 1B');

    it.each(roles)('refuses createAiModel, updateAiModel and importModelOpennessRecord for %s', async (role) => {
      const client = await env.as(role);
      const [olmo] = await find(requester, 'OLMo 7B');
      expect(await client.errorCode(CREATE, { input: newModel(`Refused ${role}`) })).toBe('FORBIDDEN');
      expect(await client.errorCode(UPDATE, { id: olmo.id, input: { languages: ['fr'] }, v: 1 })).toBe('FORBIDDEN');
      expect(await client.errorCode(IMPORT, { yaml })).toBe('FORBIDDEN');
    });

    it.each<DemoUser>(['admin', 'reviewer', 'approver2', 'auditor', 'policy'])(
      'lets %s read the catalog',
      async (role) => {
        expect((await (await env.as(role)).ok(LIST, { first: 1 })).aiModels.totalCount).toBeGreaterThan(0);
      },
    );

    it("answers NOT_FOUND for another organisation's model, and refuses to change it", async () => {
      const [olmo] = await find(requester, 'OLMo 7B');
      const other = await env.as('otherRequester');
      expect(await other.errorCode(GET, { id: olmo.id })).toBe('NOT_FOUND');
      expect(await policy.errorCode(GET, { id: '00000000-0000-4000-8000-000000000000' })).toBe('NOT_FOUND');
    });
  });

  describe('changes by a policy admin', () => {
    it('creates a model, computing weights access, licence kind and MOF progress', async () => {
      const { createAiModel } = await policy.ok(CREATE, { input: newModel('Example 3B') });
      expect(createAiModel).toMatchObject({
        __typename: 'AiModel',
        weightsAccess: 'OPEN',
        licenseKind: 'OSI_APPROVED',
        version: 1,
        mofClass: 'UNCLASSIFIED',
      });
      expect(createAiModel.mofProgress.classIII).toBeGreaterThan(0);
    });

    it.each([
      [{ obligations: [{ kind: 'USER_THRESHOLD' }] }, 'input.obligations[0].threshold'],
      [{ obligations: [{ kind: 'OTHER' }] }, 'input.obligations[0].text'],
      [{ components: [{ name: 'Secret sauce', license: 'MIT' }] }, 'input.components[0].name'],
      [{ name: 'GPT-4o' }, 'input.name'],
    ])('returns a ValidationError for %j naming %s, and writes nothing', async (change, field) => {
      const before = await env.dataSource.query(`SELECT count(*)::int AS n FROM ai_model`);
      const { createAiModel } = await policy.ok(CREATE, { input: { ...newModel('Invalid one'), ...change } });
      expect(createAiModel.__typename).toBe('ValidationError');
      expect(createAiModel.fieldErrors.map((f: { field: string }) => f.field)).toContain(field);
      expect(await env.dataSource.query(`SELECT count(*)::int AS n FROM ai_model`)).toEqual(before);
    });

    it('refuses malformed input fields as BAD_USER_INPUT', async () => {
      const res = await policy.request(CREATE, { input: { ...newModel('Bad langs'), languages: ['english!'] } });
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].message).toMatch(/languages must be BCP 47/);
    });

    it('updates with optimistic concurrency and audits the changed fields', async () => {
      const { createAiModel: m } = await policy.ok(CREATE, { input: newModel('Example 7B') });
      const { updateAiModel } = await policy.ok(UPDATE, { id: m.id, input: { languages: ['en', 'sw', 'ha'] }, v: 1 });
      expect(updateAiModel).toMatchObject({ __typename: 'AiModel', version: 2, languages: ['en', 'sw', 'ha'] });
      const stale = await policy.ok(UPDATE, { id: m.id, input: { languages: ['en'] }, v: 1 });
      expect(stale.updateAiModel).toMatchObject({
        __typename: 'ConcurrentModificationError',
        errorCode: 'CONCURRENT_MODIFICATION',
        currentVersion: 2,
      });
      const events = await env.dataSource.query(
        `SELECT action, actor_label, payload FROM audit_event WHERE subject_id = $1 ORDER BY seq`,
        [m.id],
      );
      expect(events.map((e: { action: string }) => e.action)).toEqual(['ai_model.created', 'ai_model.updated']);
      expect(events[1]).toMatchObject({
        actor_label: 'policy@example.org',
        payload: { material: false, changes: { languages: { from: ['en', 'sw'], to: ['en', 'sw', 'ha'] } } },
      });
    });

    it('publishes a material change (release level, licence) after commit, and only then', async () => {
      const emitter = env.app.get(EventEmitter2);
      const received: ModelMateriallyChangedEvent[] = [];
      const listener = (e: ModelMateriallyChangedEvent) => void received.push(e);
      emitter.on(MODEL_MATERIALLY_CHANGED, listener);
      try {
        const { createAiModel: m } = await policy.ok(CREATE, { input: newModel('Example 13B') });
        await policy.ok(UPDATE, { id: m.id, input: { languages: ['en'] }, v: 1 });
        expect(received).toEqual([]);
        const { updateAiModel } = await policy.ok(UPDATE, {
          id: m.id,
          input: { releaseLevel: 'CLOUD_API', hostingOptions: ['VENDOR_API'], licenseName: 'Proprietary' },
          v: 2,
        });
        expect(updateAiModel).toMatchObject({ weightsAccess: 'CLOSED', version: 3 });
        expect(received).toHaveLength(1);
        expect(received[0]).toMatchObject({
          modelId: m.id,
          changes: {
            releaseLevel: { from: 'DOWNLOADABLE', to: 'CLOUD_API' },
            weightsAccess: { from: 'OPEN', to: 'CLOSED' },
            licenseName: { from: 'Apache-2.0', to: 'Proprietary' },
          },
        });
        const [event] = await env.dataSource.query(
          `SELECT payload FROM audit_event WHERE subject_id = $1 AND action = 'ai_model.updated' ORDER BY seq DESC LIMIT 1`,
          [m.id],
        );
        expect(event.payload.material).toBe(true);
        // A refused change publishes nothing.
        await policy.ok(UPDATE, { id: m.id, input: { releaseLevel: 'DOWNLOADABLE' }, v: 2 });
        expect(received).toHaveLength(1);
      } finally {
        emitter.off(MODEL_MATERIALLY_CHANGED, listener);
      }
    });
  });

  describe('import of Model Openness Tool records', () => {
    itWithMotData('imports every shipped record, and their classes are stable across re-import', async () => {
      const files = readdirSync(join(MOT_DATA_DIR, 'models'))
        .filter((f) => f.endsWith('.yml'))
        .sort();
      const texts = files.map((file) => ({ file, yaml: readFileSync(join(MOT_DATA_DIR, 'models', file), 'utf8') }));
      // The data holds a few records under a name another file already uses; those update that model.
      const names = texts.map(({ yaml }) => parseMotRecord(yaml).name);
      const shared = new Set(names.filter((n, i) => names.indexOf(n) !== i));
      for (const [i, { file, yaml }] of texts.entries()) {
        const first = (await policy.ok(IMPORT, { yaml })).importModelOpennessRecord;
        expect([file, first.__typename]).toEqual([file, 'AiModel']);
        // What was seeded from the same file is unchanged by importing it again.
        if (!shared.has(names[i])) expect([file, first.version]).toEqual([file, 1]);
        const second = (await policy.ok(IMPORT, { yaml })).importModelOpennessRecord;
        expect([file, second.version, second.mofClass]).toEqual([file, first.version, first.mofClass]);
      }
      // Only models whose name two files share were changed (and audited) by the import.
      const changed: Array<{ name: string }> = await env.dataSource.query(
        `SELECT DISTINCT payload->>'name' AS name FROM audit_event WHERE action IN ('ai_model.imported', 'ai_model.reimported')`,
      );
      expect(shared.size).toBeGreaterThan(0);
      for (const { name } of changed) expect(shared.has(name)).toBe(true);
    });

    it('classifies an imported fully open record as MOF class I, for every reader', async () => {
      const yaml = readFileSync(join(MOT_FIXTURE_DIR, 'models', 'Open-Science-7B.yml'), 'utf8');
      const imported = (await policy.ok(IMPORT, { yaml })).importModelOpennessRecord;
      expect(imported).toMatchObject({ __typename: 'AiModel', name: 'Open Science 7B', mofClass: 'CLASS_I' });
      expect(imported.osaid).toEqual({ conformant: true, missing: [] });
      const { aiModels } = await requester.ok(LIST, { filter: { mofClass: 'CLASS_I' }, first: 100 });
      const names = aiModels.edges.map((e: { node: { name: string } }) => e.node.name);
      expect(names).toContain('Open Science 7B');
      expect(names).not.toContain('GPT-4o');
    });

    it('imports a new record, then records what a changed record changes', async () => {
      const yaml = MOT_RECORD('Local-Record-70M');
      const first = (await policy.ok(IMPORT, { yaml })).importModelOpennessRecord;
      expect(first).toMatchObject({ __typename: 'AiModel', key: 'mot:Local-Record-70M', version: 1 });
      const changed = yaml.replace(/producer: .*/, 'producer: Local Lab');
      const second = (await policy.ok(IMPORT, { yaml: changed })).importModelOpennessRecord;
      expect(second).toMatchObject({ id: first.id, producer: 'Local Lab', version: 2 });
      const events = await env.dataSource.query(
        `SELECT action, payload FROM audit_event WHERE subject_id = $1 ORDER BY seq`,
        [first.id],
      );
      expect(events.map((e: { action: string }) => e.action)).toEqual(['ai_model.imported', 'ai_model.reimported']);
      expect(events[1].payload.changes.producer.to).toBe('Local Lab');
    });

    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      ...Array.from({ length: 9 }, (_, i) => {
        const prev = String.fromCharCode(97 + i);
        const next = String.fromCharCode(98 + i);
        return `${next}: &${next} [*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev}]`;
      }),
    ].join('\n');

    it.each([
      [
        'a syntax error, with its line',
        'framework:\n  name: Model Openness Framework\nrelease: [unclosed\n',
        /line \d/,
      ],
      [
        'components of the wrong type',
        `framework: { name: 'Model Openness Framework', version: '1.0' }\nrelease:\n  name: X\n  producer: Y\n  license: {}\n  components: 42\n`,
        /components/,
      ],
      [
        'a missing release name',
        `framework: { name: 'Model Openness Framework', version: '1.0' }\nrelease:\n  producer: Y\n  license: {}\n  components: []\n`,
        /name/,
      ],
      [
        'an unknown component',
        `framework: { name: 'Model Openness Framework', version: '1.0' }\nrelease:\n  name: X\n  producer: Y\n  license: {}\n  components:\n    - name: Secret sauce\n      license: MIT\n`,
        /Secret sauce/,
      ],
      ['aliases expanding without bound', bomb, /alias/i],
      ['several documents', `a: 1\n---\nb: 2\n`, /document/i],
    ])('refuses %s cleanly, writing nothing', async (_case, yaml, message) => {
      const before = await env.dataSource.query(
        `SELECT (SELECT count(*) FROM ai_model)::int AS m, (SELECT count(*) FROM audit_event)::int AS e`,
      );
      const res = await policy.request(IMPORT, { yaml });
      expect(res.errors).toBeUndefined();
      const r = res.data!.importModelOpennessRecord;
      expect(r.__typename).toBe('ValidationError');
      expect(r.errorCode).toBe('VALIDATION');
      expect(r.fieldErrors[0].field).toMatch(/^yaml/);
      expect(r.message).toMatch(message);
      expect(
        await env.dataSource.query(
          `SELECT (SELECT count(*) FROM ai_model)::int AS m, (SELECT count(*) FROM audit_event)::int AS e`,
        ),
      ).toEqual(before);
    });

    it('refuses a document over the size limit as BAD_USER_INPUT naming yaml, writing nothing', async () => {
      const count = `SELECT (SELECT count(*) FROM ai_model)::int AS m, (SELECT count(*) FROM audit_event)::int AS e`;
      const before = await env.dataSource.query(count);
      const res = await policy.request(IMPORT, { yaml: `# ${'x'.repeat(300 * 1024)}\n` });
      expect(res.status).toBe(400);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: '$yaml' });
      expect(res.errors?.[0].message).toMatch(/at most 262,144 characters/);
      expect(await env.dataSource.query(count)).toEqual(before);
    });

    it('imports a folder from the CLI all at once, or nothing when one file is malformed', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'mot-import-'));
      try {
        writeFileSync(join(dir, 'a.yml'), MOT_RECORD('Folder-A'));
        writeFileSync(join(dir, 'b.yml'), 'release: [broken\n');
        const refused = await importMot(env.app, 'demo', dir);
        expect(refused.exitCode).toBe(1);
        expect(refused.output.problems).toEqual([expect.stringMatching(/^b\.yml: /)]);
        expect((await find(requester, 'Folder-A')).length).toBe(0);
        writeFileSync(join(dir, 'b.yml'), MOT_RECORD('Folder-B'));
        const done = await importMot(env.app, 'demo', dir);
        expect(done).toMatchObject({ exitCode: 0, output: { imported: 2 } });
        expect((await find(requester, 'Folder-')).map((m: { name: string }) => m.name).sort()).toEqual([
          'Folder-A',
          'Folder-B',
        ]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
  describe('facts of imported records and their quality', () => {
    /** A record whose final parameters carry `parameters` (a licence line, or nothing) and no other licence. */
    const record = (name: string, parameters: string) => `framework:
  name: 'Model Openness Framework'
  version: '1.0'
  date: '2024-12-15'
release:
  name: ${name}
  version: 1B
  date: '2025-01-02'
  type: language
  producer: Example Lab
  license: {  }
  components:
    -
      name: 'Model parameters (Final)'
${parameters}
    -
      name: 'Model architecture'
      license: Apache-2.0
`;
    const codes = (m: { dataQuality: Array<{ code: string }> }) => m.dataQuality.map((d) => d.code);

    it('shows weights access UNKNOWN, not CLOSED, for a record silent about the weights, with its data quality', async () => {
      const yaml = record('Silent-Weights-1B', '      license: unlicensed');
      const imported = (await policy.ok(IMPORT, { yaml })).importModelOpennessRecord;
      expect(imported).toMatchObject({
        __typename: 'AiModel',
        releaseLevel: 'UNKNOWN',
        weightsAccess: 'UNKNOWN',
        hostingOptions: [],
        licenseName: null,
        licenseKind: 'UNKNOWN',
      });
      expect(codes(imported)).toEqual(['LICENCE_MISSING', 'WEIGHTS_ACCESS_UNKNOWN']);
      expect(imported.dataQuality[1].message).toMatch(/without a licence.*UNKNOWN, not CLOSED/);
      const { aiModels } = await requester.ok(LIST, {
        filter: { weightsAccess: 'UNKNOWN', search: 'Silent-Weights' },
        first: 10,
      });
      expect(aiModels.edges.map((e: { node: { name: string } }) => e.node.name)).toContain('Silent-Weights-1B');
    });

    it("takes the parameters' own licence and gives a known licence its obligations and gating", async () => {
      const yaml = record('Llama-Derived-1B', "      license: 'Llama 3.1 Community License'");
      const imported = (await policy.ok(IMPORT, { yaml })).importModelOpennessRecord;
      expect(imported).toMatchObject({
        licenseName: 'Llama 3.1 Community License',
        licenseKind: 'COMMUNITY_CUSTOM',
        gated: true,
        weightsAccess: 'GATED',
        dataQuality: [],
      });
      expect(imported.obligations).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'USER_THRESHOLD', threshold: 700_000_000 }),
          expect.objectContaining({ kind: 'ACCEPTABLE_USE_POLICY' }),
        ]),
      );
    });

    it('infers the licence kind (and the known obligations) again when updateAiModel renames the licence', async () => {
      const { createAiModel: m } = await policy.ok(CREATE, { input: newModel('Renamed Licence 1B') });
      expect(m).toMatchObject({ licenseKind: 'OSI_APPROVED', obligations: [] });
      const { updateAiModel } = await policy.ok(UPDATE, {
        id: m.id,
        input: { licenseName: 'Llama 3.1 Community License Agreement' },
        v: m.version,
      });
      expect(updateAiModel).toMatchObject({ licenseKind: 'COMMUNITY_CUSTOM' });
      expect(updateAiModel.obligations.map((o: { kind: string }) => o.kind)).toEqual(
        expect.arrayContaining(['USER_THRESHOLD', 'ACCEPTABLE_USE_POLICY']),
      );
      // A kind sent with the new name is kept as sent.
      const { updateAiModel: kept } = await policy.ok(UPDATE, {
        id: m.id,
        input: { licenseName: 'Example Lab Model Licence', licenseKind: 'PROPRIETARY_TERMS' },
        v: updateAiModel.version,
      });
      expect(kept.licenseKind).toBe('PROPRIETARY_TERMS');
    });

    it('clears the data-quality flags a policy admin settles by recording the facts', async () => {
      const yaml = record('Settled-Weights-1B', '      license: unlicensed');
      const imported = (await policy.ok(IMPORT, { yaml })).importModelOpennessRecord;
      const { updateAiModel } = await policy.ok(UPDATE, {
        id: imported.id,
        input: { licenseName: 'Apache-2.0', releaseLevel: 'DOWNLOADABLE' },
        v: imported.version,
      });
      expect(updateAiModel).toMatchObject({ weightsAccess: 'OPEN', licenseKind: 'OSI_APPROVED', dataQuality: [] });
    });

    itWithMotData("shows Claude 1 closed, disputing its record's claim of MIT weights", async () => {
      const [claude] = await find(requester, 'Claude 1');
      const { aiModel } = await requester.ok(GET, { id: claude.id });
      expect(aiModel).toMatchObject({ weightsAccess: 'CLOSED', licenseKind: 'PROPRIETARY_TERMS' });
      expect(aiModel.hostingOptions).not.toContain('SELF_HOSTED');
      expect(codes(aiModel)).toEqual(['WEIGHTS_CLAIM_DISPUTED']);
      expect(aiModel.dataQuality[0].message).toMatch(/MIT.*never released/);
    });
  });
});

describe('model catalog without the Model Openness Tool data (e2e)', () => {
  let env: TestEnvironment;
  const empty = mkdtempSync(join(tmpdir(), 'no-mot-'));
  beforeAll(async () => {
    env = await createTestEnvironment({ MOT_DATA_DIR: empty });
  });
  afterAll(async () => {
    await env?.close();
    rmSync(empty, { recursive: true, force: true });
  });

  it('seeds the curated overlay alone and still judges licences', async () => {
    const requester = await env.as('requester');
    const { aiModels } = await requester.ok(LIST, { first: 100 });
    expect(aiModels.totalCount).toBe(env.app.get(CatalogSourceService).seedCatalog().length);
    expect(aiModels.totalCount).toBeGreaterThanOrEqual(30);
    expect(aiModels.totalCount).toBeLessThan(100);
    const olmo = aiModels.edges.find((e: any) => e.node.name === 'OLMo 7B').node;
    expect(olmo).toMatchObject({ weightsAccess: 'OPEN', licenseKind: 'OSI_APPROVED' });
  });
});
