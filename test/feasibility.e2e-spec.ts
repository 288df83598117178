import {
  act,
  createTestEnvironment,
  CREATE_REQUEST,
  GraphqlClient,
  modelId,
  REQUEST_CHANGES,
  requestInput,
  START_REVIEW,
  SUBMIT,
  TestEnvironment,
  UPDATE_REQUEST,
} from '@app/testing';

const MODEL_HOSTING = `query($id: ID!) { aiModel(id: $id) { name parameterCount
  servingMemory { sixteenBitGb fourBitGb formula source }
  vendorOfferings { vendor offering source regions { name jurisdictions } } } }`;

/** An offline humanitarian field team: no connection, a laptop, data kept in the country. */
const offlineTeam = {
  sector: 'HUMANITARIAN',
  useCase: 'Translate and summarise intake interviews in the camp clinic',
  affectedPopulation: 'Displaced people registering at the camp clinic',
  dataSensitivity: 'SENSITIVE_PERSONAL',
  intendedAdaptation: 'PROMPTING',
  connectivity: 'OFFLINE',
  dataResidency: ['KE'],
  hardware: 'CPU_ONLY',
  publicFacing: false,
};

/**
 * Feasibility before risk: a request's hard constraints are required at submission, and a model that cannot
 * meet them is refused with a ValidationError naming the field and the reason; drafts may stay incomplete.
 */
describe('feasibility (e2e)', () => {
  let env: TestEnvironment;
  let requester: GraphqlClient;
  let reviewer: GraphqlClient;
  const model: Record<string, string> = {};

  beforeAll(async () => {
    env = await createTestEnvironment();
    [requester, reviewer] = await Promise.all([env.as('requester'), env.as('reviewer')]);
    for (const name of ['GPT-4o', 'Phi-3 mini 4K Instruct', 'BLOOM 176B', 'Claude 3.5 Sonnet', 'Mistral 7B v0.1']) {
      model[name] = await modelId(requester, name);
    }
  });
  afterAll(() => env?.close());

  const draft = (name: string, over: Record<string, unknown>) =>
    act(requester, CREATE_REQUEST, { input: { ...requestInput(model[name], `Feasibility: ${name}`), ...over } });

  it.each<[string, string, Record<string, unknown>, string, string]>([
    [
      'an offline team with an API-only model',
      'GPT-4o',
      { ...offlineTeam, deploymentMode: 'VENDOR_API' },
      'connectivity',
      'OFFLINE cannot be met by GPT-4o, which is offered only as VENDOR_API',
    ],
    [
      'a 176B model on one consumer GPU',
      'BLOOM 176B',
      { deploymentMode: 'SELF_HOSTED', hardware: 'SINGLE_CONSUMER_GPU' },
      'hardware',
      'SINGLE_CONSUMER_GPU (24 GB, one consumer GPU with 24 GB (RTX 3090/4090)) cannot serve BLOOM 176B, which needs about 105.7 GB even at 4-bit quantisation (423 GB at 16-bit)',
    ],
    [
      'EU-only residency with a US-only vendor API',
      'Claude 3.5 Sonnet',
      { deploymentMode: 'VENDOR_API', dataResidency: ['EU'] },
      'dataResidency',
      'EU cannot be met by the API of Claude 3.5 Sonnet, which processes data only in United States (US-only inference) (US)',
    ],
    [
      'self-hosting a model offered only through its API',
      'GPT-4o',
      { deploymentMode: 'SELF_HOSTED' },
      'deploymentMode',
      'SELF_HOSTED is not offered for GPT-4o, which is offered only as VENDOR_API',
    ],
  ])('refuses at submission %s, naming the field and the reason', async (_case, name, over, field, message) => {
    const r = await draft(name, over);
    expect(r.__typename).toBe('AdoptionRequest');
    const refused = await act(requester, SUBMIT, { id: r.id });
    expect(refused).toMatchObject({ __typename: 'ValidationError', errorCode: 'VALIDATION' });
    expect(refused.message).toContain(`${field}: ${message}`);
    expect(refused.fieldErrors).toContainEqual({ field, message });
  });

  it('accepts the same offline team with a small open model run on its laptop', async () => {
    const r = await draft('Phi-3 mini 4K Instruct', { ...offlineTeam, deploymentMode: 'SELF_HOSTED' });
    expect(await act(requester, SUBMIT, { id: r.id })).toMatchObject({ status: 'SUBMITTED' });
  });

  it('refuses a resubmission that has become infeasible', async () => {
    const r = await draft('Phi-3 mini 4K Instruct', { ...offlineTeam, deploymentMode: 'SELF_HOSTED' });
    await act(requester, SUBMIT, { id: r.id });
    await act(reviewer, START_REVIEW, { id: r.id });
    const back = await act(reviewer, REQUEST_CHANGES, { id: r.id, rationale: 'use the vendor API instead' });
    const edited = await act(requester, UPDATE_REQUEST, {
      id: r.id,
      input: { modelId: model['GPT-4o'], deploymentMode: 'VENDOR_API' },
      v: back.version,
    });
    const refused = await act(requester, SUBMIT, { id: edited.id });
    expect(refused).toMatchObject({ __typename: 'ValidationError' });
    expect(refused.fieldErrors.map((f: { field: string }) => f.field)).toEqual(['connectivity', 'dataResidency']);
  });

  it('lets a draft stay incomplete, and requires the constraints at submission', async () => {
    const r = await draft('Mistral 7B v0.1', {
      connectivity: null,
      dataResidency: null,
      hardware: null,
      publicFacing: null,
    });
    expect(r).toMatchObject({ __typename: 'AdoptionRequest', status: 'DRAFT' });
    const refused = await act(requester, SUBMIT, { id: r.id });
    expect(refused.__typename).toBe('ValidationError');
    expect(refused.fieldErrors.map((f: { field: string }) => f.field)).toEqual([
      'connectivity',
      'dataResidency',
      'hardware',
      'publicFacing',
    ]);
  });

  it.each([
    [['EU', 'XX'], 'dataResidency: "XX" is not an ISO 3166-1 alpha-2 country code'],
    [['Europe'], 'dataResidency: "Europe" is not'],
    [['ANY', 'US'], 'dataResidency: ANY allows every jurisdiction and cannot be combined with others'],
  ])('refuses the residency list %p naming the bad value', async (dataResidency, message) => {
    const res = await requester.request(CREATE_REQUEST, {
      input: { ...requestInput(model['Mistral 7B v0.1'], 'Bad residency'), dataResidency },
    });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].message).toContain(message);
  });

  it('shows the catalog facts feasibility reads, with their sources', async () => {
    const bloom = (await requester.ok(MODEL_HOSTING, { id: model['BLOOM 176B'] })).aiModel;
    expect(bloom.servingMemory).toMatchObject({ sixteenBitGb: 423, fourBitGb: 105.7 });
    expect(bloom.servingMemory.source).toMatch(/huggingface\.co/);
    expect(bloom.vendorOfferings).toEqual([]);
    const gpt = (await requester.ok(MODEL_HOSTING, { id: model['GPT-4o'] })).aiModel;
    expect(gpt.servingMemory).toBeNull();
    expect(gpt.vendorOfferings[0]).toMatchObject({ vendor: 'OpenAI', source: expect.stringMatching(/^https:/) });
    expect(gpt.vendorOfferings[0].regions).toContainEqual({
      name: 'Europe (EEA and Switzerland)',
      jurisdictions: ['EEA', 'CH'],
    });
  });
});
