/**
 * The operations `npm run bench` measures: their GraphQL documents, who sends them, and what a correct
 * answer looks like. A check returns why an answer is wrong, or null.
 */

export type UserKey =
  | 'requester1'
  | 'requester2'
  | 'requester3'
  | 'requester4'
  | 'reviewer1'
  | 'approver1'
  | 'approver2'
  | 'approver3'
  | 'approver4'
  | 'auditor';

export const USER_KEYS: UserKey[] = [
  'requester1',
  'requester2',
  'requester3',
  'requester4',
  'reviewer1',
  'approver1',
  'approver2',
  'approver3',
  'approver4',
  'auditor',
];

type Json = Record<string, unknown>;

const REQUEST_FIELDS = `id reference title status revision version tier createdAt updatedAt submittedAt`;

/** The product's heaviest list screen: a page of 100 requests with everything around each. */
const NESTED_FIELDS = `${REQUEST_FIELDS}
  requester { id displayName email roles }
  model { id name producer weightsAccess familySiblings { id name weightsAccess } }
  assessment { id revision tier inherentScore residualScore complete }
  votes { id approverId revision vote rationale createdAt }
  approvalProgress { approvals quorum missingApprovals requiredExpertise missingExpertise }
  history { seq action actor fromState toState occurredAt }`;

export const QUERIES = {
  myQueue: `query MyQueue { myQueue { ${REQUEST_FIELDS} requester { id displayName } model { id name } } }`,
  requestsPage: `query RequestsPage { adoptionRequests(first: 100) {
    totalCount pageInfo { endCursor hasNextPage } edges { cursor node { ${NESTED_FIELDS} } } } }`,
  requestDetail: `query RequestDetail($id: ID!) { adoptionRequest(id: $id) { ${NESTED_FIELDS}
    useCase sector deploymentMode dataSensitivity languages expectedUsers justification conditions } }`,
  auditEventsPage: `query AuditEventsPage { auditEvents(first: 100) {
    totalCount pageInfo { endCursor hasNextPage }
    edges { cursor node { seq occurredAt actor actorId actorRoles action subjectType subjectId fromState toState payload previousHash hash } } } }`,
  submit: `mutation Submit($id: ID!) { submitAdoptionRequest(id: $id) {
    __typename ... on AdoptionRequest { id status version } ... on ErrorResult { errorCode message } } }`,
  castDecision: `mutation CastDecision($id: ID!, $input: CastDecisionInput!) { castDecision(requestId: $id, input: $input) {
    __typename ... on AdoptionRequest { id status version } ... on ErrorResult { errorCode message } } }`,
  verifyAuditChain: `query VerifyAuditChain { verifyAuditChain { valid checked headSeq reason firstInvalidSeq } }`,
} as const;

export interface ReadOperation {
  name: string;
  /** What the table calls it. */
  label: string;
  user: UserKey;
  document: string;
  variables?: Json;
  check: (data: Json) => string | null;
}

const edges = (conn: unknown) => ((conn as { edges?: unknown[] } | null)?.edges ?? []) as Array<{ node: Json }>;

/** Every nested field of the page is there, with a model that has its siblings list. */
function checkNested(node: Json): string | null {
  for (const f of ['requester', 'model', 'votes', 'approvalProgress', 'history']) {
    if (node[f] === undefined || node[f] === null) return `${f} missing on ${String(node.id)}`;
  }
  if (!Array.isArray((node.model as Json).familySiblings)) return `model.familySiblings missing on ${String(node.id)}`;
  if ((node.history as unknown[]).length === 0) return `request ${String(node.id)} has no history`;
  return null;
}

export function readOperations(detailId: string): ReadOperation[] {
  return [
    {
      name: 'myQueue',
      label: 'myQueue (approver)',
      user: 'approver1',
      document: QUERIES.myQueue,
      check: (d) => {
        const q = d.myQueue as Json[] | undefined;
        if (!Array.isArray(q)) return 'no myQueue list';
        if (q.length === 0) return 'the approver queue is empty: the data set has nothing awaiting decision';
        return q.every((r) => r.status === 'AWAITING_DECISION') ? null : 'a queued request is not AWAITING_DECISION';
      },
    },
    {
      name: 'requestsPage',
      label: 'adoptionRequests(first: 100), nested',
      user: 'auditor',
      document: QUERIES.requestsPage,
      check: (d) => {
        const page = edges(d.adoptionRequests);
        if (page.length !== 100) return `expected 100 requests on the page, got ${page.length}`;
        for (const e of page) {
          const why = checkNested(e.node);
          if (why) return why;
        }
        return null;
      },
    },
    {
      name: 'requestDetail',
      label: 'adoptionRequest(id), nested',
      user: 'auditor',
      document: QUERIES.requestDetail,
      variables: { id: detailId },
      check: (d) => {
        const r = d.adoptionRequest as Json | undefined;
        if (!r || r.id !== detailId) return `expected request ${detailId}`;
        return checkNested(r);
      },
    },
    {
      name: 'auditEventsPage',
      label: 'auditEvents(first: 100)',
      user: 'auditor',
      document: QUERIES.auditEventsPage,
      check: (d) => {
        const page = edges(d.auditEvents);
        if (page.length !== 100) return `expected 100 audit events, got ${page.length}`;
        return page.every((e, i) => Number(e.node.seq) === i + 1) ? null : 'audit events are not seq 1..100';
      },
    },
  ];
}

/** A GraphQL answer is wrong when it carries `errors` or a returned error result (`errorCode`). */
export function bodyIsFailure(body: string): boolean {
  return body.includes('"errors":[') || body.includes('"errorCode"');
}
