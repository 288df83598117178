import { GraphqlClient } from './graphql-client';

/** The fields of an AdoptionRequest (or of the error that came back instead) that tests look at. */
export const REQUEST_RESULT = `__typename
  ... on AdoptionRequest { id reference status revision version tier expiresAt conditions requiredExpertise statusReason
    approvalProgress { approvals quorum missingApprovals missingExpertise } }
  ... on ErrorResult { errorCode message }
  ... on InvalidTransitionError { fromState toState }
  ... on ValidationError { fieldErrors { field message } }
  ... on ConcurrentModificationError { currentVersion }`;

export const CREATE_REQUEST = `mutation($input: CreateAdoptionRequestInput!) { r: createAdoptionRequest(input: $input) { ${REQUEST_RESULT} } }`;
export const UPDATE_REQUEST = `mutation($id: ID!, $input: UpdateAdoptionRequestInput!, $v: Int!) {
  r: updateAdoptionRequest(id: $id, input: $input, expectedVersion: $v) { ${REQUEST_RESULT} } }`;
export const SUBMIT = `mutation($id: ID!) { r: submitAdoptionRequest(id: $id) { ${REQUEST_RESULT} } }`;
export const WITHDRAW = `mutation($id: ID!, $reason: String!) { r: withdrawAdoptionRequest(id: $id, reason: $reason) { ${REQUEST_RESULT} } }`;
export const START_REVIEW = `mutation($id: ID!) { r: startReview(id: $id) { ${REQUEST_RESULT} } }`;
export const SAVE_ASSESSMENT = `mutation($id: ID!, $input: SaveRiskAssessmentInput!) { r: saveRiskAssessment(requestId: $id, input: $input) { ${REQUEST_RESULT} } }`;
export const COMPLETE_REVIEW = `mutation($id: ID!) { r: completeReview(id: $id) { ${REQUEST_RESULT} } }`;
export const REQUEST_CHANGES = `mutation($id: ID!, $rationale: String!) { r: requestChanges(id: $id, rationale: $rationale) { ${REQUEST_RESULT} } }`;
export const CAST_DECISION = `mutation($id: ID!, $input: CastDecisionInput!) { r: castDecision(requestId: $id, input: $input) { ${REQUEST_RESULT} } }`;
export const REVOKE = `mutation($id: ID!, $rationale: String!) { r: revokeApproval(id: $id, rationale: $rationale) { ${REQUEST_RESULT} } }`;
export const GET_REQUEST = `query($id: ID!) { adoptionRequest(id: $id) { id reference status revision version tier statusReason conditions
  requester { email } model { id name weightsAccess }
  assessment { revision tier complete items { category likelihood impact residualLikelihood residualImpact source nistCategory } }
  votes { approverId vote rationale conditions revision }
  approvalProgress { approvals quorum missingApprovals missingExpertise }
  history { seq action actor fromState toState } } }`;
export const DECISION_RECORD = `query($id: ID!) { decisionRecord(requestId: $id) { id outcome revision snapshot auditSeq auditEventId } }`;

export const CATEGORIES = [
  'MISUSE',
  'PROVIDER_DEPENDENCY',
  'TRANSPARENCY',
  'DATA_PROTECTION',
  'INFORMATION_SECURITY',
  'LOCAL_FIT',
  'LICENSE_COMPLIANCE',
  'BIAS',
  'CONFABULATION',
  'SUSTAINABILITY_COST',
];

/** Residual likelihood and impact that give each tier (score 1, 6, 12, 25). */
export const TIER_LEVELS = { LOW: [1, 1], MEDIUM: [2, 3], HIGH: [3, 4], CRITICAL: [5, 5] } as const;
export type Tier = keyof typeof TIER_LEVELS;

export function assessmentInput(tier: Tier) {
  const [l, i] = TIER_LEVELS[tier];
  return {
    items: CATEGORIES.map((category) => ({
      category,
      likelihood: 5,
      impact: 5,
      rationale: `assessed ${category}`,
      mitigation: 'controls agreed with the programme',
      residualLikelihood: category === 'MISUSE' ? l : 1,
      residualImpact: category === 'MISUSE' ? i : 1,
      justification: 'assessed against the programme context',
    })),
    euAiActClass: 'LIMITED',
    marginalRisk: {
      threat: 'generation of convincing false medical advice',
      existingRisk: 'similar open models are already freely available',
      existingDefences: 'clinician escalation and a closed user group',
      marginalRiskEvidence: 'no evidence that this model adds capability beyond existing ones',
      easeOfDefence: 'outputs are reviewed before use by trained workers',
      uncertainty: 'misuse outside the programme cannot be observed',
    },
  };
}

/** A request the baseline policy asks nothing special of (no required expertise, nothing blocked). */
export function requestInput(modelId: string, title = 'Lesson planning assistant') {
  return {
    title,
    modelId,
    useCase: 'Help teachers draft lesson plans from the national curriculum',
    sector: 'EDUCATION',
    deploymentMode: 'SELF_HOSTED',
    dataSensitivity: 'INTERNAL',
    intendedAdaptation: 'RETRIEVAL',
    languages: ['en'],
    affectedPopulation: 'Teachers of the programme',
    expectedUsers: 1200,
    justification: 'Teachers spend hours adapting the curriculum by hand',
    connectivity: 'ONLINE',
    dataResidency: ['ANY'],
    // Enough memory for every catalogued model, so fixtures test the workflow rather than feasibility.
    hardware: 'DATACENTER_GPUS',
    publicFacing: false,
    alternatives: [{ name: 'GPT-4o', reason: 'curriculum drafts would leave the ministry' }],
  };
}

/** Runs a mutation aliased `r` and returns its result object. */
export async function act(client: GraphqlClient, query: string, variables: Record<string, unknown>) {
  const res = await client.request<{ r: any }>(query, variables);
  if (res.errors?.length) throw new Error(`${res.errors[0].extensions?.code}: ${res.errors[0].message}`);
  return res.data!.r;
}

export async function modelId(client: GraphqlClient, search: string): Promise<string> {
  const data = await client.ok(
    `query($s: String!) { aiModels(filter: { search: $s }, first: 5) { edges { node { id name } } } }`,
    { s: search },
  );
  const exact = data.aiModels.edges.find((e: any) => e.node.name === search) ?? data.aiModels.edges[0];
  if (!exact) throw new Error(`no model ${search}`);
  return exact.node.id;
}

/** Drafts, submits, reviews and assesses a request so it waits for decisions at `tier`. */
export async function awaitingDecision(
  clients: { requester: GraphqlClient; reviewer: GraphqlClient },
  model: string,
  tier: Tier,
  title?: string,
) {
  const draft = await act(clients.requester, CREATE_REQUEST, { input: requestInput(model, title) });
  await act(clients.requester, SUBMIT, { id: draft.id });
  await act(clients.reviewer, START_REVIEW, { id: draft.id });
  const saved = await act(clients.reviewer, SAVE_ASSESSMENT, { id: draft.id, input: assessmentInput(tier) });
  if (saved.__typename !== 'AdoptionRequest') throw new Error(JSON.stringify(saved));
  const done = await act(clients.reviewer, COMPLETE_REVIEW, { id: draft.id });
  if (done.status !== 'AWAITING_DECISION') throw new Error(JSON.stringify(done));
  return done;
}
