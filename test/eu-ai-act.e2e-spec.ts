import {
  act,
  createTestEnvironment,
  CREATE_REQUEST,
  GraphqlClient,
  modelId,
  requestInput,
  START_REVIEW,
  SUBMIT,
  TestEnvironment,
} from '@app/testing';

const SCREEN = `euAiAct { euAiActClass caveat provisions { euAiActClass reference label triggers { field text } }
  gpai { gpai systemicRisk systemicRiskThresholdFlops openSourceExemption exemptionReasons }
  role { role reasons warnings { text sources } } }`;
const GET = `query($id: ID!) { adoptionRequest(id: $id) { ${SCREEN}
  assessment { euAiActClass euAiActScreen { euAiActClass provisions { reference triggers { field text } } role { role } } } } }`;
const COMPARE = `query($id: ID!, $models: [ID!]!) { compareOptions(requestId: $id, modelIds: $models) { model { name } ${SCREEN} } }`;

describe('EU AI Act pre-screen through GraphQL (e2e)', () => {
  let env: TestEnvironment;
  let requester: GraphqlClient;
  let reviewer: GraphqlClient;
  let mistral: string;

  beforeAll(async () => {
    env = await createTestEnvironment();
    [requester, reviewer] = await Promise.all([env.as('requester'), env.as('reviewer')]);
    mistral = await modelId(requester, 'Mistral 7B v0.1');
  });
  afterAll(() => env?.close());

  const draft = (overrides: Record<string, unknown>) =>
    act(requester, CREATE_REQUEST, { input: { ...requestInput(mistral, 'EU AI Act screen'), ...overrides } });

  it('shows the provision, the words that triggered it, the GPAI status and the role on a request', async () => {
    const request = await draft({
      useCase: 'Personalised learning paths for pupils in refugee schools',
      affectedPopulation: 'refugee pupils',
    });
    const { adoptionRequest } = await requester.ok(GET, { id: request.id });
    expect(adoptionRequest.euAiAct).toMatchObject({
      euAiActClass: 'HIGH',
      provisions: [
        {
          euAiActClass: 'HIGH',
          reference: 'Annex III 3(b)',
          triggers: [{ field: 'useCase', text: 'personalised learning paths' }],
        },
      ],
      gpai: { gpai: true, systemicRiskThresholdFlops: 1e25, openSourceExemption: expect.any(Boolean) },
      role: { role: 'DEPLOYER', warnings: [] },
    });
    expect(adoptionRequest.euAiAct.caveat).toContain('Art. 6(3)');
    expect(adoptionRequest.euAiAct.gpai.exemptionReasons[0]).toContain('Art. 53(2)');
  });

  it('warns that fine-tuning and offering the model to others may make the organisation a provider', async () => {
    const request = await draft({
      useCase: 'Fine-tune on Swahili health texts and publish the model for partner clinics',
      intendedAdaptation: 'FINE_TUNING',
    });
    const { adoptionRequest } = await requester.ok(GET, { id: request.id });
    expect(adoptionRequest.euAiAct.role.role).toBe('PROVIDER');
    const warnings = adoptionRequest.euAiAct.role.warnings;
    expect(warnings.map((w: { text: string }) => w.text).join(' ')).toContain('more than a third of the compute');
    expect(warnings.every((w: { sources: string[] }) => w.sources.length > 0)).toBe(true);
  });

  it('does not read deepfake detection as a transparency duty', async () => {
    const request = await draft({ useCase: 'Detect deepfakes in videos shared before the election' });
    const { adoptionRequest } = await requester.ok(GET, { id: request.id });
    expect(adoptionRequest.euAiAct).toMatchObject({ euAiActClass: 'MINIMAL', provisions: [] });
  });

  it('gives each compared option the screen with its own model', async () => {
    const request = await draft({
      useCase: 'Route emergency messages from the flood hotline to the right rescue team',
    });
    const { compareOptions } = await requester.ok(COMPARE, { id: request.id, models: [mistral] });
    expect(compareOptions[0].euAiAct).toMatchObject({
      euAiActClass: 'HIGH',
      provisions: [expect.objectContaining({ reference: 'Annex III 5(d)' })],
      gpai: { gpai: true },
    });
  });

  it('keeps the provisions and triggers matched at review start in the risk assessment', async () => {
    const request = await draft({ useCase: 'Prioritise which households receive food assistance after the floods' });
    await act(requester, SUBMIT, { id: request.id });
    await act(reviewer, START_REVIEW, { id: request.id });
    const { adoptionRequest } = await reviewer.ok(GET, { id: request.id });
    expect(adoptionRequest.assessment).toMatchObject({
      euAiActClass: 'HIGH',
      euAiActScreen: {
        euAiActClass: 'HIGH',
        provisions: [
          {
            reference: 'Annex III 5(a)',
            triggers: [{ field: 'useCase', text: 'prioritise which households receive food assistance' }],
          },
        ],
        role: { role: 'DEPLOYER' },
      },
    });
  });
});
