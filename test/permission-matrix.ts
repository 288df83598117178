/**
 * The permission matrix as data: for every GraphQL operation, what each role gets when it calls it on a
 * subject of its own, of its organisation, or of another organisation. Read by permission-matrix.e2e-spec.ts,
 * which runs every cell against the real server over HTTP and fails when the schema has an operation
 * without a row here.
 *
 * The expectations are written out by hand from the declared permissions (libs/authz/src/permission.ts, the
 * `@Allow` of each resolver method, ability.factory.ts and the workflow table's actors), never computed from
 * that code, so that a change of the code that changes who may do what makes a cell fail until this table
 * is changed with it, on purpose and in review.
 *
 * Reading a row: `org: [UA, FB, OK, OK, OK, FB, FB]` lists the outcome for the roles in the order of
 * `ROLES` below (anonymous first). `__` marks a cell that does not exist (an anonymous caller owns nothing;
 * only a requester owns requests).
 *
 * To add or change an operation: add or change its entry (document, subject, rows). The document selects
 * only `__typename`, so a change of the result type does not touch this file.
 */

export const ROLES = [
  'anonymous',
  'REQUESTER',
  'REVIEWER',
  'APPROVER',
  'AUDITOR',
  'POLICY_ADMIN',
  'ORG_ADMIN',
] as const;
export type MatrixRole = (typeof ROLES)[number];

/** Allowed: the call is not refused for permission reasons (a domain error result such as a wrong status is fine). */
export const OK = 'ALLOWED';
export const FB = 'FORBIDDEN';
export const UA = 'UNAUTHENTICATED';
/** Another organisation's row answers as if it did not exist. */
export const NF = 'NOT_FOUND';
/**
 * Refused by a rule of the domain, not of permission: the mutation's result is a ValidationError (named where
 * it is used), and nothing is written.
 */
export const VE = 'ValidationError';
/** No such cell. */
export const __ = null;
export type Outcome = typeof OK | typeof FB | typeof UA | typeof NF | typeof VE;
type Row = [
  Outcome | null,
  Outcome | null,
  Outcome | null,
  Outcome | null,
  Outcome | null,
  Outcome | null,
  Outcome | null,
];

/**
 * What the call acts on. `own`: the caller's own request (the caller created it) or the caller's own user;
 * `org`: one of the caller's organisation that is not theirs; `other`: one of another organisation.
 * A request subject names the state the fixture brings it to before the call.
 */
export type SubjectKind =
  | 'none'
  | 'request:DRAFT'
  | 'request:SUBMITTED'
  | 'request:IN_REVIEW'
  | 'request:AWAITING_DECISION'
  | 'request:APPROVED'
  | 'user'
  | 'model'
  | 'policy';
export type Scope = 'none' | 'own' | 'org' | 'other';

/** What the spec hands to `variables`: the subject's id and a few ids of the caller's organisation. */
export interface CallContext {
  /** The subject's id (empty for subject kind 'none'). */
  id: string;
  /** A model of the caller's organisation, usable in a request. */
  modelId: string;
  /** Something unique to this call, for names and emails. */
  unique: string;
  /** A demo user's email and password, for login. */
  login: { email: string; password: string };
}

export interface OperationRow {
  kind: 'query' | 'mutation';
  subject: SubjectKind;
  document: string;
  variables?: (c: CallContext) => Record<string, unknown>;
  /** Outcomes by role (order of ROLES) for each scope that applies to the subject. */
  none?: Row;
  own?: Row;
  org?: Row;
  other?: Row;
}

const approve = { vote: 'APPROVE', rationale: 'acceptable with the agreed controls', conditions: [] };
const byId = (c: CallContext) => ({ id: c.id });

// Shorthand for the rows that recur: who may read a request, edit it, review it, decide on it.
//                      anon REQUESTER REVIEWER APPROVER AUDITOR POLICY_ADMIN ORG_ADMIN
const READ_REQUEST = {
  own: [__, OK, __, __, __, __, __] as Row,
  org: [UA, FB, OK, OK, OK, FB, FB] as Row,
  other: [UA, NF, NF, NF, NF, FB, FB] as Row,
};
const EDIT_REQUEST = {
  own: [__, OK, __, __, __, __, __] as Row,
  org: [UA, FB, FB, FB, FB, FB, FB] as Row,
  other: [UA, NF, FB, FB, FB, FB, FB] as Row,
};
const REVIEW_REQUEST = {
  own: [__, FB, __, __, __, __, __] as Row,
  org: [UA, FB, OK, FB, FB, FB, FB] as Row,
  other: [UA, FB, NF, FB, FB, FB, FB] as Row,
};
const DECIDE_REQUEST = {
  own: [__, FB, __, __, __, __, __] as Row,
  org: [UA, FB, FB, OK, FB, FB, FB] as Row,
  other: [UA, FB, FB, NF, FB, FB, FB] as Row,
};
const MANAGE_USER = {
  own: [__, FB, FB, FB, FB, FB, OK] as Row,
  org: [UA, FB, FB, FB, FB, FB, OK] as Row,
  other: [UA, FB, FB, FB, FB, FB, NF] as Row,
};
const POLICY_ADMIN_ONLY = {
  org: [UA, FB, FB, FB, FB, OK, FB] as Row,
  other: [UA, FB, FB, FB, FB, NF, FB] as Row,
};
const AUDIT_READERS: Row = [UA, FB, FB, FB, OK, FB, OK];
const SIGNED_IN: Row = [UA, OK, OK, OK, OK, OK, OK];

export const PERMISSION_MATRIX: Record<string, OperationRow> = {
  // ---------------------------------------------------------------- queries
  adoptionRequest: {
    kind: 'query',
    subject: 'request:DRAFT',
    document: 'query($id: ID!) { adoptionRequest(id: $id) { __typename } }',
    variables: byId,
    ...READ_REQUEST,
  },
  adoptionRequests: {
    kind: 'query',
    subject: 'none',
    document: '{ adoptionRequests(first: 5) { __typename } }',
    none: [UA, OK, OK, OK, OK, FB, FB],
  },
  aiModel: {
    kind: 'query',
    subject: 'model',
    document: 'query($id: ID!) { aiModel(id: $id) { __typename } }',
    variables: byId,
    org: SIGNED_IN,
    other: [UA, NF, NF, NF, NF, NF, NF],
  },
  aiModels: {
    kind: 'query',
    subject: 'none',
    document: '{ aiModels(first: 5) { __typename } }',
    none: SIGNED_IN,
  },
  auditCheckpoints: {
    kind: 'query',
    subject: 'none',
    document: '{ auditCheckpoints(first: 5) { __typename } }',
    none: AUDIT_READERS,
  },
  auditEvents: {
    kind: 'query',
    subject: 'none',
    document: '{ auditEvents(first: 5) { __typename } }',
    none: AUDIT_READERS,
  },
  compareOptions: {
    kind: 'query',
    subject: 'request:DRAFT',
    document: 'query($id: ID!, $models: [ID!]!) { compareOptions(requestId: $id, modelIds: $models) { __typename } }',
    variables: (c) => ({ id: c.id, models: [c.modelId] }),
    ...READ_REQUEST,
  },
  decisionRecord: {
    kind: 'query',
    subject: 'request:APPROVED',
    document: 'query($id: ID!) { decisionRecord(requestId: $id) { __typename } }',
    variables: byId,
    ...READ_REQUEST,
  },
  evaluatePolicies: {
    kind: 'query',
    subject: 'request:DRAFT',
    document: 'query($id: ID!) { evaluatePolicies(requestId: $id) { __typename } }',
    variables: byId,
    ...READ_REQUEST,
  },
  me: { kind: 'query', subject: 'none', document: '{ me { __typename } }', none: SIGNED_IN },
  myQueue: { kind: 'query', subject: 'none', document: '{ myQueue { __typename } }', none: SIGNED_IN },
  policies: { kind: 'query', subject: 'none', document: '{ policies { __typename } }', none: SIGNED_IN },
  policy: {
    kind: 'query',
    subject: 'policy',
    document: 'query($id: ID!) { policy(id: $id) { __typename } }',
    variables: byId,
    org: SIGNED_IN,
    other: [UA, NF, NF, NF, NF, NF, NF],
  },
  portfolio: {
    kind: 'query',
    subject: 'none',
    document: '{ portfolio { __typename } }',
    none: [UA, FB, FB, OK, OK, FB, OK],
  },
  testPolicyRule: {
    kind: 'query',
    subject: 'request:DRAFT',
    document: 'query($id: ID!, $rule: PolicyRuleInput!) { testPolicyRule(requestId: $id, rule: $rule) { __typename } }',
    variables: (c) => ({
      id: c.id,
      rule: { title: 'Matrix rule', condition: 'true', effect: 'ADVISE', text: 'matrix' },
    }),
    // Policy authors test rules against any request of their organisation, without reading it otherwise.
    own: [__, FB, __, __, __, __, __],
    ...POLICY_ADMIN_ONLY,
  },
  user: {
    kind: 'query',
    subject: 'user',
    document: 'query($id: ID!) { user(id: $id) { __typename } }',
    variables: byId,
    // Everyone reads their own user; auditors and administrators the organisation's.
    own: [__, OK, OK, OK, OK, OK, OK],
    org: [UA, FB, FB, FB, OK, FB, OK],
    other: [UA, NF, NF, NF, NF, NF, NF],
  },
  users: {
    kind: 'query',
    subject: 'none',
    document: '{ users(first: 5) { __typename } }',
    // Whoever may set users' roles lists them: the organisation's administrators.
    none: [UA, FB, FB, FB, FB, FB, OK],
  },
  verifyAuditChain: {
    kind: 'query',
    subject: 'none',
    document: '{ verifyAuditChain { __typename } }',
    none: AUDIT_READERS,
  },

  // ---------------------------------------------------------------- mutations
  activateAccount: {
    kind: 'mutation',
    subject: 'none',
    // Public: whoever holds an invitation link. An unknown token gets a ValidationError result, enough here.
    document: 'mutation($t: String!, $p: String!) { activateAccount(token: $t, password: $p) { __typename } }',
    variables: () => ({ t: 'not-a-real-invitation-token', p: 'a-long-enough-password' }),
    none: [OK, OK, OK, OK, OK, OK, OK],
  },
  castDecision: {
    kind: 'mutation',
    subject: 'request:AWAITING_DECISION',
    document:
      'mutation($id: ID!, $input: CastDecisionInput!) { castDecision(requestId: $id, input: $input) { __typename } }',
    variables: (c) => ({ id: c.id, input: approve }),
    ...DECIDE_REQUEST,
  },
  completeReview: {
    kind: 'mutation',
    subject: 'request:IN_REVIEW',
    document: 'mutation($id: ID!) { completeReview(id: $id) { __typename } }',
    variables: byId,
    ...REVIEW_REQUEST,
  },
  createAdoptionRequest: {
    kind: 'mutation',
    subject: 'none',
    document: 'mutation($input: CreateAdoptionRequestInput!) { createAdoptionRequest(input: $input) { __typename } }',
    variables: (c) => ({
      input: {
        title: `Matrix ${c.unique}`,
        modelId: c.modelId,
        useCase: 'Draft lesson plans',
        sector: 'EDUCATION',
        deploymentMode: 'SELF_HOSTED',
        dataSensitivity: 'INTERNAL',
        intendedAdaptation: 'RETRIEVAL',
        languages: ['en'],
        affectedPopulation: 'Teachers',
        expectedUsers: 100,
        justification: 'Saves teachers time',
        connectivity: 'ONLINE',
        dataResidency: ['ANY'],
        hardware: 'SINGLE_CONSUMER_GPU',
        publicFacing: false,
        alternatives: [],
      },
    }),
    none: [UA, OK, FB, FB, FB, FB, FB],
  },
  createAiModel: {
    kind: 'mutation',
    subject: 'none',
    document: 'mutation($input: CreateAiModelInput!) { createAiModel(input: $input) { __typename } }',
    variables: (c) => ({
      input: { name: `Matrix model ${c.unique}`, producer: 'Matrix Lab', releaseLevel: 'FULLY_OPEN' },
    }),
    none: [UA, FB, FB, FB, FB, OK, FB],
  },
  createAuditCheckpoint: {
    kind: 'mutation',
    subject: 'none',
    document: 'mutation { createAuditCheckpoint { __typename } }',
    none: AUDIT_READERS,
  },
  createPolicy: {
    kind: 'mutation',
    subject: 'none',
    document: 'mutation($input: CreatePolicyInput!) { createPolicy(input: $input) { __typename } }',
    variables: (c) => ({ input: { name: `Matrix policy ${c.unique}` } }),
    none: [UA, FB, FB, FB, FB, OK, FB],
  },
  deactivateUser: {
    kind: 'mutation',
    subject: 'user',
    document: 'mutation($id: ID!) { deactivateUser(userId: $id) { __typename } }',
    variables: byId,
    ...MANAGE_USER,
    // An administrator may not deactivate their own account: a ValidationError result, after the permission check.
    own: [__, FB, FB, FB, FB, FB, VE],
  },
  inviteUser: {
    kind: 'mutation',
    subject: 'none',
    document: 'mutation($input: InviteUserInput!) { inviteUser(input: $input) { __typename } }',
    variables: (c) => ({
      input: { email: `matrix-${c.unique}@example.org`, displayName: 'Matrix invitee', roles: ['REQUESTER'] },
    }),
    none: [UA, FB, FB, FB, FB, FB, OK],
  },
  importModelOpennessRecord: {
    kind: 'mutation',
    subject: 'none',
    document: 'mutation($yaml: String!) { importModelOpennessRecord(yaml: $yaml) { __typename } }',
    // Not a valid record: an allowed caller gets a ValidationError result, which is enough here.
    variables: () => ({ yaml: 'framework: {}' }),
    none: [UA, FB, FB, FB, FB, OK, FB],
  },
  login: {
    kind: 'mutation',
    subject: 'none',
    document: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { __typename } }',
    variables: (c) => ({ e: c.login.email, p: c.login.password }),
    none: [OK, OK, OK, OK, OK, OK, OK],
  },
  publishPolicyVersion: {
    kind: 'mutation',
    subject: 'policy',
    document: 'mutation($id: ID!) { publishPolicyVersion(policyId: $id) { __typename } }',
    variables: byId,
    ...POLICY_ADMIN_ONLY,
  },
  requestChanges: {
    kind: 'mutation',
    subject: 'request:IN_REVIEW',
    document: 'mutation($id: ID!) { requestChanges(id: $id, rationale: "add the data flow") { __typename } }',
    variables: byId,
    ...REVIEW_REQUEST,
  },
  revokeApproval: {
    kind: 'mutation',
    subject: 'request:APPROVED',
    document: 'mutation($id: ID!) { revokeApproval(id: $id, rationale: "no longer acceptable") { __typename } }',
    variables: byId,
    ...DECIDE_REQUEST,
  },
  savePolicyDraft: {
    kind: 'mutation',
    subject: 'policy',
    document:
      'mutation($id: ID!, $rules: [PolicyRuleInput!]!) { savePolicyDraft(policyId: $id, rules: $rules) { __typename } }',
    variables: (c) => ({
      id: c.id,
      rules: [{ title: 'Note self-hosting', condition: 'false', effect: 'ADVISE' }],
    }),
    ...POLICY_ADMIN_ONLY,
  },
  saveRiskAssessment: {
    kind: 'mutation',
    subject: 'request:IN_REVIEW',
    document:
      'mutation($id: ID!, $input: SaveRiskAssessmentInput!) { saveRiskAssessment(requestId: $id, input: $input) { __typename } }',
    variables: (c) => ({ id: c.id, input: { items: [] } }),
    ...REVIEW_REQUEST,
  },
  setUserRoles: {
    kind: 'mutation',
    subject: 'user',
    document: 'mutation($id: ID!) { setUserRoles(userId: $id, roles: [AUDITOR]) { __typename } }',
    variables: byId,
    ...MANAGE_USER,
  },
  startReview: {
    kind: 'mutation',
    subject: 'request:SUBMITTED',
    document: 'mutation($id: ID!) { startReview(id: $id) { __typename } }',
    variables: byId,
    ...REVIEW_REQUEST,
  },
  submitAdoptionRequest: {
    kind: 'mutation',
    subject: 'request:DRAFT',
    document: 'mutation($id: ID!) { submitAdoptionRequest(id: $id) { __typename } }',
    variables: byId,
    ...EDIT_REQUEST,
  },
  updateAdoptionRequest: {
    kind: 'mutation',
    subject: 'request:DRAFT',
    document:
      'mutation($id: ID!) { updateAdoptionRequest(id: $id, expectedVersion: 1, input: { title: "Matrix edit" }) { __typename } }',
    variables: byId,
    ...EDIT_REQUEST,
  },
  updateAiModel: {
    kind: 'mutation',
    subject: 'model',
    document:
      'mutation($id: ID!) { updateAiModel(id: $id, expectedVersion: 1, input: { releaseVersion: "matrix" }) { __typename } }',
    variables: byId,
    ...POLICY_ADMIN_ONLY,
  },
  updateOrganisation: {
    kind: 'mutation',
    subject: 'none',
    // Changes nothing (an omitted field keeps its value): the organisation stays as the other cells expect it.
    document: 'mutation { updateOrganisation(input: {}) { __typename } }',
    none: [UA, FB, FB, FB, FB, FB, OK],
  },
  withdrawAdoptionRequest: {
    kind: 'mutation',
    subject: 'request:DRAFT',
    document: 'mutation($id: ID!) { withdrawAdoptionRequest(id: $id, reason: "no longer needed") { __typename } }',
    variables: byId,
    ...EDIT_REQUEST,
  },
};

export interface MatrixCell {
  operation: string;
  role: MatrixRole;
  scope: Scope;
  expected: Outcome;
}

/** Every cell of the matrix, in a stable order. */
export function matrixCells(matrix: Record<string, OperationRow> = PERMISSION_MATRIX): MatrixCell[] {
  const cells: MatrixCell[] = [];
  for (const [operation, row] of Object.entries(matrix)) {
    for (const scope of ['none', 'own', 'org', 'other'] as const) {
      const outcomes = row[scope];
      if (!outcomes) continue;
      outcomes.forEach((expected, i) => {
        if (expected) cells.push({ operation, role: ROLES[i], scope, expected });
      });
    }
  }
  return cells;
}
