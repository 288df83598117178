import { GraphQLSchemaHost, TypeMetadataStorage } from '@nestjs/graphql';
import { getNamedType, GraphQLInputObjectType, GraphQLSchema, isInputObjectType } from 'graphql';
import {
  act,
  assessmentInput,
  CREATE_REQUEST,
  createTestEnvironment,
  fullMutation,
  fullSelection,
  GraphqlClient,
  modelId,
  requestInput,
  START_REVIEW,
  SUBMIT,
  TestEnvironment,
  MOT_RECORD,
} from '@app/testing';

/** A GATED model with every list filled, as in the report: an update of one field must keep all of it. */
const GATED_MODEL = (name: string) => ({
  name,
  producer: 'Example Lab',
  family: 'Example',
  releaseVersion: '3.1',
  modalities: ['text', 'image'],
  parameterCount: 70_000_000_000,
  releaseDate: '2025-04-05',
  releaseLevel: 'DOWNLOADABLE',
  gated: true,
  licenseName: 'Example Community License',
  licenseKind: 'COMMUNITY_CUSTOM',
  obligations: [
    { kind: 'USER_THRESHOLD', threshold: 700_000_000 },
    { kind: 'OTHER', text: 'Display "Built with Example" on related interfaces' },
  ],
  trainingDataOpenness: 'DOCUMENTED',
  hostingOptions: ['SELF_HOSTED', 'ON_DEVICE'],
  languages: ['en', 'sw', 'pt-BR'],
  fineTuning: ['WEIGHTS'],
  sources: [{ field: 'licenseName', url: 'https://example.org/licence', note: 'licence page' }],
  components: [
    { name: 'Model parameters (Final)', license: 'Example Community License' },
    { name: 'Model architecture', license: 'Apache-2.0' },
  ],
});

type Row = Record<string, unknown>;

/** The result without the fields every successful update changes (and the ones named). */
const without = (row: Row, ...fields: string[]) =>
  Object.fromEntries(Object.entries(row).filter(([k]) => !['version', 'updatedAt', ...fields].includes(k)));

describe('partial updates (e2e)', () => {
  let env: TestEnvironment;
  let schema: GraphQLSchema;
  let policy: GraphqlClient;
  let requester: GraphqlClient;
  let reviewer: GraphqlClient;
  let admin: GraphqlClient;
  let mistral: string;
  let counter = 0;
  const unique = (label: string) => `${label} ${++counter}`;

  const auditOf = (subjectId: string) =>
    env.dataSource.query(`SELECT action, payload FROM audit_event WHERE subject_id = $1 ORDER BY seq`, [
      subjectId,
    ]) as Promise<Array<{ action: string; payload: Record<string, any> }>>;

  beforeAll(async () => {
    env = await createTestEnvironment();
    schema = env.app.get(GraphQLSchemaHost).schema;
    [policy, requester, reviewer, admin] = await Promise.all([
      env.as('policy'),
      env.as('requester'),
      env.as('reviewer'),
      env.as('admin'),
    ]);
    mistral = await modelId(requester, 'Mistral 7B v0.1');
  });

  afterAll(async () => {
    await env?.close();
  });

  describe('every update input', () => {
    const updateInputs = () =>
      Object.values(schema.getTypeMap()).filter(
        (t): t is GraphQLInputObjectType => isInputObjectType(t) && /^Update\w*Input$/.test(t.name),
      );

    it('exists for each update mutation, and the structural check below sees them all', () => {
      const updateMutations = Object.values(schema.getMutationType()!.getFields()).filter((f) =>
        /^update/.test(f.name),
      );
      expect(updateMutations.map((f) => f.name).sort()).toEqual([
        'updateAdoptionRequest',
        'updateAiModel',
        'updateOrganisation',
      ]);
      const inputs = updateMutations.map((f) => getNamedType(f.args.find((a) => a.name === 'input')!.type).name);
      expect(updateInputs().map((t) => t.name)).toEqual(expect.arrayContaining(inputs));
    });

    it('has no default value on any field, in the schema or as a property initialiser', () => {
      const withDefaults = updateInputs().flatMap((t) =>
        Object.values(t.getFields())
          .filter((f) => f.defaultValue !== undefined)
          .map((f) => `${t.name}.${f.name}`),
      );
      expect(withDefaults).toEqual([]);
      const classes = TypeMetadataStorage.getInputTypesMetadata().filter((m) => /^Update\w*Input$/.test(m.name));
      expect(classes.length).toBeGreaterThanOrEqual(2);
      for (const { target } of classes) {
        const initialised = Object.entries(new (target as new () => object)()).filter(([, v]) => v !== undefined);
        expect([target.name, initialised]).toEqual([target.name, []]);
      }
    });
  });

  describe('updateAiModel', () => {
    const CREATE = () => fullMutation(schema, 'createAiModel');
    const UPDATE = () => fullMutation(schema, 'updateAiModel');
    const create = async (input: Row) => (await policy.ok(CREATE(), { input })).r as Row;
    const update = (id: unknown, input: Row, expectedVersion: unknown) =>
      policy.request<{ r: Row }>(UPDATE(), { id, input, expectedVersion });

    it('changes only the field sent: a GATED model stays GATED with its obligations, lists and derived facts', async () => {
      const before = await create(GATED_MODEL(unique('Gated')));
      expect(before).toMatchObject({ weightsAccess: 'GATED', gated: true, mofClass: expect.any(String) });

      const res = await update(before.id, { family: 'Renamed family' }, before.version);

      expect(res.errors).toBeUndefined();
      const after = res.data!.r;
      expect(after).toMatchObject({ family: 'Renamed family', version: (before.version as number) + 1 });
      expect(without(after, 'family', 'familySiblings')).toEqual(without(before, 'family', 'familySiblings'));
      const events = await auditOf(before.id as string);
      expect(events.at(-1)).toMatchObject({ action: 'ai_model.updated', payload: { material: false } });
      expect(Object.keys(events.at(-1)!.payload.changes)).toEqual(['family']);
    });

    it('keeps the classification and model type of an imported record when other facts change', async () => {
      const imported = (
        await policy.ok(fullMutation(schema, 'importModelOpennessRecord'), {
          yaml: MOT_RECORD(unique('Imported')),
        })
      ).r as Row;
      expect(imported.modelType).toBe('language');

      const res = await update(imported.id, { languages: ['sw'] }, imported.version);

      expect(res.errors).toBeUndefined();
      expect(without(res.data!.r, 'languages')).toEqual(without(imported, 'languages'));
      expect(res.data!.r.languages).toEqual(['sw']);
    });

    it('recomputes derived facts from the merged profile and records only what changed', async () => {
      const before = await create(GATED_MODEL(unique('Ungated')));

      const res = await update(before.id, { gated: false }, before.version);

      const after = res.data!.r;
      expect(after).toMatchObject({ gated: false, weightsAccess: 'OPEN' });
      expect(without(after, 'gated', 'weightsAccess', 'familySiblings')).toEqual(
        without(before, 'gated', 'weightsAccess', 'familySiblings'),
      );
      const last = (await auditOf(before.id as string)).at(-1)!;
      expect(Object.keys(last.payload.changes).sort()).toEqual(['gated', 'weightsAccess']);
      expect(last.payload.material).toBe(true);
    });

    it('infers the licence kind again when the licence is renamed without a kind, even one set by hand', async () => {
      const inferred = await create({
        ...GATED_MODEL(unique('Inferred')),
        licenseName: 'Apache-2.0',
        licenseKind: null,
      });
      const chosen = await create({ ...GATED_MODEL(unique('Chosen')), licenseName: 'Apache-2.0' });
      expect([inferred.licenseKind, chosen.licenseKind]).toEqual(['OSI_APPROVED', 'COMMUNITY_CUSTOM']);

      const relicensed = await update(inferred.id, { licenseName: 'Example terms of use' }, inferred.version);
      const renamed = await update(chosen.id, { licenseName: 'MIT' }, chosen.version);

      expect(relicensed.data!.r).toMatchObject({
        licenseName: 'Example terms of use',
        licenseKind: 'PROPRIETARY_TERMS',
      });
      // The kind chosen by hand was for the old licence: it says nothing about the new one.
      expect(renamed.data!.r).toMatchObject({ licenseName: 'MIT', licenseKind: 'OSI_APPROVED' });
    });

    it('clears a nullable field sent as null, and nothing else', async () => {
      const before = await create(GATED_MODEL(unique('Cleared')));

      const res = await update(before.id, { releaseVersion: null, parameterCount: null }, before.version);

      const after = res.data!.r;
      expect(after).toMatchObject({ releaseVersion: null, parameterCount: null, gated: true });
      // servingMemory is derived from the parameter count: it goes with it.
      expect(after.servingMemory).toBeNull();
      expect(without(after, 'releaseVersion', 'parameterCount', 'servingMemory')).toEqual(
        without(before, 'releaseVersion', 'parameterCount', 'servingMemory'),
      );
      const last = (await auditOf(before.id as string)).at(-1)!;
      expect(Object.keys(last.payload.changes).sort()).toEqual(['parameterCount', 'releaseVersion']);
    });

    it.each([
      ['name', null],
      ['gated', null],
      ['releaseLevel', null],
      ['obligations', null],
      ['languages', null],
      ['retired', null],
    ])('refuses %s: null with BAD_USER_INPUT naming the field, and writes nothing', async (field, value) => {
      const before = await create(GATED_MODEL(unique(`Null ${field}`)));
      const events = (await auditOf(before.id as string)).length;

      const res = await update(before.id, { family: 'Changed too', [field]: value }, before.version);

      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.message).toMatch(new RegExp(`\\b${field}\\b.*cannot be null`));
      const now = (
        await policy.ok(`query($id: ID!) { aiModel(id: $id) { ${fullSelection(schema, 'AiModel')} } }`, {
          id: before.id,
        })
      ).aiModel;
      expect(now).toEqual(before);
      expect((await auditOf(before.id as string)).length).toBe(events);
    });
  });

  describe('updateAdoptionRequest', () => {
    const UPDATE = () => fullMutation(schema, 'updateAdoptionRequest');
    const draft = async () =>
      (
        await requester.ok(fullMutation(schema, 'createAdoptionRequest'), {
          input: requestInput(mistral, unique('Partial draft')),
        })
      ).r as Row;
    const update = (id: unknown, input: Row, expectedVersion: unknown) =>
      requester.request<{ r: Row }>(UPDATE(), { id, input, expectedVersion });

    it('changes only the field sent, and records only that change', async () => {
      const before = await draft();

      const res = await update(before.id, { title: 'A clearer title' }, before.version);

      expect(res.errors).toBeUndefined();
      const after = res.data!.r;
      expect(after).toMatchObject({ title: 'A clearer title', version: (before.version as number) + 1 });
      expect(without(after, 'title', 'history')).toEqual(without(before, 'title', 'history'));
      const last = (await auditOf(before.id as string)).at(-1)!;
      expect(last.action).toBe('adoption_request.updated');
      expect(Object.keys(last.payload.changes)).toEqual(['title']);
    });

    it('clears nullable fields and lists sent as null', async () => {
      const before = await draft();

      const res = await update(before.id, { useCase: null, languages: null, alternatives: null }, before.version);

      const after = res.data!.r;
      expect(after).toMatchObject({ useCase: null, languages: [], alternatives: [] });
      // The EU AI Act pre-screen is derived from the use case: it goes with it.
      expect(without(after, 'useCase', 'languages', 'alternatives', 'history', 'euAiAct')).toEqual(
        without(before, 'useCase', 'languages', 'alternatives', 'history', 'euAiAct'),
      );
    });

    it.each([['title'], ['modelId']])(
      'refuses %s: null with BAD_USER_INPUT naming the field, and writes nothing',
      async (field) => {
        const before = await draft();

        const res = await update(before.id, { useCase: 'changed too', [field]: null }, before.version);

        expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        expect(res.errors?.[0]?.message).toMatch(new RegExp(`\\b${field}\\b.*cannot be null`));
        const now = (
          await requester.ok(
            `query($id: ID!) { adoptionRequest(id: $id) { ${fullSelection(schema, 'AdoptionRequest')} } }`,
            { id: before.id },
          )
        ).adoptionRequest;
        expect(now).toEqual(before);
      },
    );
  });

  describe('saveRiskAssessment', () => {
    it('keeps the mitigation, EU AI Act class and marginal-risk analysis that a later save does not send', async () => {
      const r = await act(requester, CREATE_REQUEST, { input: requestInput(mistral, unique('Assessed')) });
      await act(requester, SUBMIT, { id: r.id });
      await act(reviewer, START_REVIEW, { id: r.id });
      const SAVE = fullMutation(schema, 'saveRiskAssessment');
      const full = assessmentInput('LOW');
      const first = (await reviewer.ok(SAVE, { requestId: r.id, input: full })).r.assessment;
      const misuse = full.items.find((i) => i.category === 'MISUSE')!;
      const { mitigation: _omitted, ...withoutMitigation } = misuse;

      const second = (
        await reviewer.ok(SAVE, {
          requestId: r.id,
          input: { items: [{ ...withoutMitigation, rationale: 'reassessed misuse' }] },
        })
      ).r.assessment;

      const item = (a: Row, category: string) => (a.items as Row[]).find((i) => i.category === category)!;
      expect(item(second, 'MISUSE')).toMatchObject({ rationale: 'reassessed misuse', mitigation: misuse.mitigation });
      expect(second).toMatchObject({ euAiActClass: first.euAiActClass, marginalRisk: first.marginalRisk });

      const cleared = (
        await reviewer.ok(SAVE, {
          requestId: r.id,
          input: { items: [{ ...withoutMitigation, mitigation: null }], marginalRisk: null },
        })
      ).r.assessment;
      expect(item(cleared, 'MISUSE').mitigation).toBe('');
      expect(cleared).toMatchObject({ marginalRisk: null, euAiActClass: first.euAiActClass });
    });
  });

  describe('setUserRoles', () => {
    it('keeps the expertise when only roles are sent, and clears it when null is sent', async () => {
      const SET = `mutation($userId: ID!, $roles: [Role!]!, $expertise: [Expertise!]) {
        r: setUserRoles(userId: $userId, roles: $roles, expertise: $expertise) { ... on User { roles expertise } } }`;
      const invited = (
        await admin.ok(fullMutation(schema, 'inviteUser'), {
          input: {
            email: `${unique('expert').replace(' ', '-')}@example.org`,
            displayName: 'Expert',
            roles: ['REVIEWER'],
          },
        })
      ).r as Row;
      await admin.ok(SET, { userId: invited.id, roles: ['REVIEWER'], expertise: ['LEGAL', 'SECURITY'] });

      const kept = (await admin.ok(SET, { userId: invited.id, roles: ['APPROVER'] })).r;
      expect(kept).toEqual({ roles: ['APPROVER'], expertise: ['LEGAL', 'SECURITY'] });

      const cleared = (await admin.ok(SET, { userId: invited.id, roles: ['APPROVER'], expertise: null })).r;
      expect(cleared).toEqual({ roles: ['APPROVER'], expertise: [] });
    });
  });
});
