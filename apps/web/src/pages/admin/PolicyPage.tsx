import {
  Alert,
  Badge,
  Button,
  Card,
  Code,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { CelEditor, type CelProblem } from '../../components/admin/CelEditor';
import { graphql } from '../../gql';
import type { AdminPolicyQuery, Expertise, PolicyEffect, RiskTier } from '../../gql/graphql';
import { ActionError, isErrorResult, QueryError } from '../../lib/errors';
import { useSession } from '../../lib/session';

const POLICY = graphql(`
  query AdminPolicy($id: ID!) {
    policy(id: $id) {
      id
      name
      description
      versions {
        id
        number
        status
        createdAt
        publishedAt
        retiredAt
        rules {
          id
          title
          description
          condition
          effect
          expertise
          tier
          text
        }
      }
    }
  }
`);

const SAVE_DRAFT = graphql(`
  mutation AdminSavePolicyDraft($policyId: ID!, $rules: [PolicyRuleInput!]!) {
    savePolicyDraft(policyId: $policyId, rules: $rules) {
      __typename
      ... on Policy {
        id
      }
      ...Refusal
    }
  }
`);

const PUBLISH = graphql(`
  mutation AdminPublishPolicyVersion($policyId: ID!) {
    publishPolicyVersion(policyId: $policyId) {
      __typename
      ... on Policy {
        id
      }
      ...Refusal
    }
  }
`);

const TEST_RULE = graphql(`
  query AdminTestPolicyRule($requestId: ID!, $rule: PolicyRuleInput!) {
    testPolicyRule(requestId: $requestId, rule: $rule) {
      __typename
      ... on PolicyRuleTest {
        matched
        finding {
          ruleId
          title
          effect
          message
        }
      }
      ...Refusal
    }
  }
`);

const REQUESTS = graphql(`
  query AdminPolicyTestRequests($search: String) {
    adoptionRequests(first: 20, filter: { search: $search }) {
      edges {
        node {
          id
          reference
          title
          status
        }
      }
    }
  }
`);

const EFFECTS: Array<{ value: PolicyEffect; label: string }> = [
  { value: 'BLOCK', label: 'Block the request' },
  { value: 'REQUIRE_EXPERTISE', label: 'Require an approver with expertise' },
  { value: 'REQUIRE_CONDITION', label: 'Require a condition on the approval' },
  { value: 'MIN_TIER', label: 'Raise the risk tier to at least' },
  { value: 'ADVISE', label: 'Give advice' },
];
const EXPERTISE: Expertise[] = ['DATA_PROTECTION', 'ETHICS', 'LEGAL', 'SECURITY', 'TECHNICAL'];
const TIERS: RiskTier[] = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
const words = (s: string) => s.toLowerCase().replaceAll('_', ' ');
const when = (d: string | null | undefined) =>
  d ? new Date(d).toLocaleString('en-GB', { timeZone: 'UTC' }) + ' UTC' : '—';

interface RuleDraft {
  key: number;
  title: string;
  description: string;
  condition: string;
  effect: PolicyEffect;
  expertise: Expertise | null;
  tier: RiskTier | null;
  text: string;
}

type FieldProblem = { message: string; line?: number | null; column?: number | null };
type RuleProblems = Record<string, FieldProblem>;

let nextKey = 1;
const blankRule = (): RuleDraft => ({
  key: nextKey++,
  title: '',
  description: '',
  condition: '',
  effect: 'ADVISE',
  expertise: null,
  tier: null,
  text: '',
});

/** The API input of a rule being edited: only the fields its effect uses. */
function ruleInput(r: RuleDraft) {
  return {
    title: r.title,
    description: r.description,
    condition: r.condition,
    effect: r.effect,
    expertise: r.effect === 'REQUIRE_EXPERTISE' ? r.expertise : null,
    tier: r.effect === 'MIN_TIER' ? r.tier : null,
    text: r.text.trim() === '' ? null : r.text,
  };
}

/** `rules[2].condition` → rule 2's `condition` problem (prefix `rules[`); `rule.condition` → rule 0 with prefix `rule`. */
function problemsByRule(
  fieldErrors: ReadonlyArray<{ field: string; message: string; line?: number | null; column?: number | null }>,
): { byRule: Record<number, RuleProblems>; other: string[] } {
  const byRule: Record<number, RuleProblems> = {};
  const other: string[] = [];
  for (const e of fieldErrors) {
    const m = /^rules\[(\d+)\]\.(\w+)$/.exec(e.field);
    if (!m) {
      other.push(`${e.field}: ${e.message}`);
      continue;
    }
    (byRule[Number(m[1])] ??= {})[m[2]] = { message: e.message, line: e.line, column: e.column };
  }
  return { byRule, other };
}

/** The problems of fields that still hold what was sent (an edited field's old problem no longer applies). */
function currentProblems(problems: RuleProblems, rule: RuleDraft, sent: RuleDraft | undefined): RuleProblems {
  if (!sent || sent.key !== rule.key) return {};
  return Object.fromEntries(
    Object.entries(problems).filter(([field]) => {
      const k = field as keyof RuleDraft;
      return !(k in rule) || rule[k] === sent[k];
    }),
  );
}

function RequestPicker({ value, onChange, label }: { value: string; onChange: (v: string) => void; label: string }) {
  const { hasRole } = useSession();
  const canList = hasRole('REVIEWER', 'APPROVER', 'AUDITOR', 'REQUESTER');
  const [search, setSearch] = useState('');
  const [{ data }] = useQuery({
    query: REQUESTS,
    variables: { search: search.trim() || null },
    pause: !canList,
  });
  if (!canList) {
    return (
      <TextInput
        label={label}
        description="The request's reference, e.g. AR-2026-0003 (or its ID). Your role cannot list requests."
        value={value}
        onChange={(e) => onChange(e.currentTarget.value.trim())}
      />
    );
  }
  return (
    <Select
      label={label}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      value={value || null}
      onChange={(v) => onChange(v ?? '')}
      filter={({ options }) => options}
      nothingFoundMessage="No request found"
      data={(data?.adoptionRequests.edges ?? []).map((e) => ({
        value: e.node.id,
        label: `${e.node.reference} · ${e.node.title} (${words(e.node.status)})`,
      }))}
    />
  );
}

function RuleTester({ rule, index }: { rule: RuleDraft; index: number }) {
  const [requestId, setRequestId] = useState('');
  const [asked, setAsked] = useState<{ requestId: string; rule: ReturnType<typeof ruleInput> } | null>(null);
  const [{ data, fetching, error }] = useQuery({
    query: TEST_RULE,
    variables: asked ?? { requestId: '', rule: ruleInput(rule) },
    pause: !asked,
    requestPolicy: 'network-only',
  });
  const answer = asked ? data?.testPolicyRule : undefined;
  return (
    <Stack gap="xs">
      <Title order={4}>Test this rule</Title>
      <Group align="flex-end">
        <div style={{ flex: 1, minWidth: 240 }}>
          <RequestPicker
            label={`Request to test rule ${index + 1} against`}
            value={requestId}
            onChange={setRequestId}
          />
        </div>
        <Button
          variant="default"
          disabled={!requestId}
          loading={fetching}
          onClick={() => setAsked({ requestId, rule: ruleInput(rule) })}
        >
          Test rule {index + 1}
        </Button>
      </Group>
      {error && <ActionError error={error} title="Could not test the rule" />}
      {answer?.__typename === 'PolicyRuleTest' && (
        <Alert
          color={answer.matched ? 'blue' : 'gray'}
          title={
            answer.matched
              ? 'Matched: the rule applies to this request'
              : 'Not matched: the rule does not apply to this request'
          }
          role="status"
        >
          {answer.finding ? (
            <Text size="sm">
              It would report: <strong>{answer.finding.title}</strong> ({words(answer.finding.effect)}):{' '}
              {answer.finding.message}
            </Text>
          ) : (
            <Text size="sm">It would report nothing for this request.</Text>
          )}
        </Alert>
      )}
      {answer?.__typename === 'ValidationError' && (
        <Alert color="red" title="The rule cannot be tested as written" role="alert">
          {answer.fieldErrors.map((f) => (
            <Text size="sm" key={f.field + f.message}>
              {f.field.replace(/^rule\./, '')}
              {f.line != null ? ` (line ${f.line}, column ${f.column})` : ''}: {f.message}
            </Text>
          ))}
        </Alert>
      )}
      {answer &&
        answer.__typename !== 'PolicyRuleTest' &&
        answer.__typename !== 'ValidationError' &&
        isErrorResult(answer) && <ActionError result={answer} />}
    </Stack>
  );
}

function RuleEditor({
  rule,
  index,
  problems,
  onChange,
  onRemove,
}: {
  rule: RuleDraft;
  index: number;
  problems: RuleProblems;
  onChange: (r: RuleDraft) => void;
  onRemove: () => void;
}) {
  const set = (patch: Partial<RuleDraft>) => onChange({ ...rule, ...patch });
  const msg = (f: string) => problems[f]?.message;
  const conditionProblem: CelProblem | null = problems.condition ?? null;
  return (
    <Card withBorder component="section" aria-label={`Rule ${index + 1}`}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3}>
            Rule {index + 1}
            {rule.title ? `: ${rule.title}` : ''}
          </Title>
          <Button variant="default" onClick={onRemove}>
            Remove rule {index + 1}
          </Button>
        </Group>
        <TextInput
          label="Title"
          required
          value={rule.title}
          onChange={(e) => set({ title: e.currentTarget.value })}
          error={msg('title')}
        />
        <Select
          label="Effect"
          description="What happens to a request the condition matches."
          data={EFFECTS}
          value={rule.effect}
          allowDeselect={false}
          onChange={(v) => v && set({ effect: v as PolicyEffect })}
          error={msg('effect')}
        />
        <CelEditor
          label="Condition (CEL)"
          description='True for the requests the rule applies to, over request, model and requester; e.g. model.weightsAccess == "OPEN".'
          value={rule.condition}
          onChange={(condition) => set({ condition })}
          problem={conditionProblem}
        />
        {rule.effect === 'REQUIRE_EXPERTISE' && (
          <Select
            label="Expertise required"
            data={EXPERTISE.map((e) => ({ value: e, label: words(e) }))}
            value={rule.expertise}
            onChange={(v) => set({ expertise: (v as Expertise) ?? null })}
            error={msg('expertise')}
          />
        )}
        {rule.effect === 'MIN_TIER' && (
          <Select
            label="Lowest risk tier"
            data={TIERS.map((t) => ({ value: t, label: words(t) }))}
            value={rule.tier}
            onChange={(v) => set({ tier: (v as RiskTier) ?? null })}
            error={msg('tier')}
          />
        )}
        <TextInput
          label={rule.effect === 'REQUIRE_CONDITION' ? 'Condition the approval must carry' : 'Message shown to people'}
          required={rule.effect !== 'REQUIRE_EXPERTISE' && rule.effect !== 'MIN_TIER'}
          value={rule.text}
          onChange={(e) => set({ text: e.currentTarget.value })}
          error={msg('text')}
        />
        <Textarea
          label="Description"
          description="Why the rule exists (for the people who maintain it)."
          value={rule.description}
          onChange={(e) => set({ description: e.currentTarget.value })}
          error={msg('description')}
        />
        <RuleTester rule={rule} index={index} />
      </Stack>
    </Card>
  );
}

type Version = AdminPolicyQuery['policy']['versions'][number];

function VersionRules({ version }: { version: Version }) {
  if (version.rules.length === 0) return <Text size="sm">No rules.</Text>;
  return (
    <Table withTableBorder>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Rule</Table.Th>
          <Table.Th>Effect</Table.Th>
          <Table.Th>Condition</Table.Th>
          <Table.Th>Says</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {version.rules.map((r) => (
          <Table.Tr key={r.id}>
            <Table.Td>
              {r.title}
              {r.description && (
                <Text size="xs" c="dimmed">
                  {r.description}
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              {words(r.effect)}
              {r.expertise ? `: ${words(r.expertise)}` : ''}
              {r.tier ? `: ${words(r.tier)}` : ''}
            </Table.Td>
            <Table.Td>
              <Code block>{r.condition}</Code>
            </Table.Td>
            <Table.Td>{r.text ?? '—'}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** One policy: its versions and their rules; policy admins edit the draft, test its rules and publish it. */
export default function PolicyPage() {
  const { id = '' } = useParams();
  const { hasRole } = useSession();
  const canManage = hasRole('POLICY_ADMIN');
  const [{ data, fetching, error }, refetch] = useQuery({ query: POLICY, variables: { id } });
  const policy = data?.policy;
  const draft = policy?.versions.find((v) => v.status === 'DRAFT') ?? null;
  const published = policy?.versions.find((v) => v.status === 'PUBLISHED') ?? null;
  const [edited, setRules] = useState<RuleDraft[] | null>(null);
  const [saved, save] = useMutation(SAVE_DRAFT);
  // The rules as last sent: a problem is shown only while its field still holds what was refused.
  const [sent, setSent] = useState<RuleDraft[]>([]);
  const [publishedResult, publish] = useMutation(PUBLISH);
  const [confirmOpen, confirm] = useDisclosure(false);
  const [notice, setNotice] = useState<string | null>(null);

  // The editor starts from the draft, or from the published rules (saving them makes a new draft).
  const initial = useMemo(
    () =>
      ((draft ?? published)?.rules ?? []).map((r): RuleDraft => ({
        key: nextKey++,
        title: r.title,
        description: r.description,
        condition: r.condition,
        effect: r.effect as PolicyEffect,
        expertise: (r.expertise as Expertise | null) ?? null,
        tier: (r.tier as RiskTier | null) ?? null,
        text: r.text ?? '',
      })),
    [draft, published],
  );
  const rules = edited ?? (policy ? initial : null);

  if (error) return <QueryError error={error} what="the policy" />;
  if (fetching && !policy) return <Text>Loading the policy…</Text>;
  if (!policy) return null;

  const saveAnswer = saved.data?.savePolicyDraft;
  const problems =
    saveAnswer?.__typename === 'ValidationError' ? problemsByRule(saveAnswer.fieldErrors) : { byRule: {}, other: [] };
  const publishAnswer = publishedResult.data?.publishPolicyVersion;

  const onSave = async () => {
    setNotice(null);
    setSent(rules ?? []);
    const r = await save({ policyId: policy.id, rules: (rules ?? []).map(ruleInput) });
    if (r.data?.savePolicyDraft.__typename === 'Policy') {
      setNotice('Draft saved. It changes nothing until it is published.');
      refetch({ requestPolicy: 'network-only' });
    }
  };
  const onPublish = async () => {
    confirm.close();
    setNotice(null);
    const r = await publish({ policyId: policy.id });
    if (r.data?.publishPolicyVersion.__typename === 'Policy') {
      setNotice('Published: these rules now apply to every request.');
      refetch({ requestPolicy: 'network-only' });
    }
  };

  return (
    <Stack>
      <Text size="sm">
        <Link to="/policies">All policies</Link>
      </Text>
      <Title order={1}>{policy.name}</Title>
      {policy.description && <Text>{policy.description}</Text>}
      <Text size="sm">
        {published
          ? `Version ${published.number} is in force.`
          : 'No version is in force: this policy is not applied yet.'}{' '}
        {draft ? `Version ${draft.number} is a draft.` : 'There is no draft.'}
      </Text>
      {!canManage && (
        <Alert color="gray" title="Read only">
          Only policy administrators can change policies.
        </Alert>
      )}

      {canManage && rules && (
        <Stack component="section" aria-label="Draft rules">
          <Title order={2}>{draft ? `Draft version ${draft.number}` : 'New draft'}</Title>
          <Text size="sm">
            Edit the rules, then save the draft. Publishing the draft applies it to every request from then on and
            retires the version in force.
          </Text>
          {rules.map((r, i) => (
            <RuleEditor
              key={r.key}
              rule={r}
              index={i}
              problems={currentProblems(problems.byRule[i] ?? {}, r, sent[i])}
              onChange={(next) => setRules(rules.map((x) => (x.key === r.key ? next : x)))}
              onRemove={() => setRules(rules.filter((x) => x.key !== r.key))}
            />
          ))}
          <Group>
            <Button variant="default" onClick={() => setRules([...rules, blankRule()])}>
              Add a rule
            </Button>
            <Button onClick={onSave} loading={saved.fetching}>
              Save draft
            </Button>
            <Button color="teal.9" onClick={confirm.open} disabled={!draft} loading={publishedResult.fetching}>
              Publish draft
            </Button>
          </Group>
          {saveAnswer?.__typename === 'ValidationError' && (
            <Alert color="red" title="The draft was not saved" role="alert">
              <Text size="sm">Correct the problems shown next to the rules.</Text>
              {problems.other.map((m) => (
                <Text size="sm" key={m}>
                  {m}
                </Text>
              ))}
            </Alert>
          )}
          <ActionError error={saved.error} title="The draft was not saved" />
          <ActionError
            result={isErrorResult(publishAnswer) ? publishAnswer : undefined}
            error={publishedResult.error}
            title="Not published"
          />
          {notice && (
            <Alert color="green.9" variant="outline" role="status">
              {notice}
            </Alert>
          )}
          <Modal
            lockScroll={false}
            closeButtonProps={{ 'aria-label': 'Close' }}
            opened={confirmOpen}
            onClose={confirm.close}
            title={`Publish version ${draft?.number ?? ''}?`}
          >
            <Stack>
              <Text size="sm">
                The draft's rules will apply to every request from now on
                {published ? `, and version ${published.number} will be retired` : ''}. Unsaved changes are not
                published.
              </Text>
              <Group justify="flex-end">
                <Button variant="default" onClick={confirm.close}>
                  Cancel
                </Button>
                <Button color="teal.9" onClick={onPublish}>
                  Publish
                </Button>
              </Group>
            </Stack>
          </Modal>
        </Stack>
      )}

      <Stack component="section" aria-label="Versions">
        <Title order={2}>Versions</Title>
        <Table withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Version</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Created</Table.Th>
              <Table.Th>Published</Table.Th>
              <Table.Th>Retired</Table.Th>
              <Table.Th>Rules</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {policy.versions.map((v) => (
              <Table.Tr key={v.id}>
                <Table.Td>{v.number}</Table.Td>
                <Table.Td>
                  <Badge variant="outline" color={v.status === 'PUBLISHED' ? 'teal.9' : 'gray.8'}>
                    {words(v.status)}
                  </Badge>
                </Table.Td>
                <Table.Td>{when(v.createdAt)}</Table.Td>
                <Table.Td>{when(v.publishedAt)}</Table.Td>
                <Table.Td>{when(v.retiredAt)}</Table.Td>
                <Table.Td>{v.rules.length}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {policy.versions.map((v) => (
          <Stack key={v.id} gap="xs">
            <Title order={3}>
              Version {v.number} ({words(v.status)}): rules
            </Title>
            <VersionRules version={v} />
          </Stack>
        ))}
      </Stack>
    </Stack>
  );
}
