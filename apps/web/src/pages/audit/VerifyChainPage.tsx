import {
  Alert,
  Anchor,
  Button,
  Code,
  Group,
  List,
  NumberInput,
  Progress,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { type OperationResult, useClient } from 'urql';
import { graphql } from '../../gql';
import type { AuditVerifyRangeQuery } from '../../gql/graphql';
import { type CheckpointFields, count, parseKeptCheckpoints } from './audit-shared';

const VERIFY = graphql(`
  query AuditVerifyRange($fromSeq: SafeInt, $toSeq: SafeInt, $checkpoints: [AuditCheckpointInput!]) {
    verifyAuditChain(fromSeq: $fromSeq, toSeq: $toSeq, checkpoints: $checkpoints) {
      valid
      checked
      firstInvalidSeq
      reason
      headSeq
      headHash
      storedHeadSeq
      storedHeadHash
      problems {
        check
        code
        message
        seq
        subjectType
        subjectId
        expected
        actual
      }
      checkpointMismatches {
        seq
        reason
        expectedHash
        actualHash
      }
      checks {
        name
        checked
        problems
        unbound
      }
    }
  }
`);

type Verification = AuditVerifyRangeQuery['verifyAuditChain'];
type Problem = Verification['problems'][number];
type Mismatch = Verification['checkpointMismatches'][number];
type CheckSummary = Verification['checks'][number];

/** What each reason the API gives means, in plain words. */
const REASONS: Record<string, string> = {
  GAP: 'an event is missing: the sequence numbers skip one',
  BROKEN_LINK: 'the event does not link to the one before it: events were reordered, removed or replaced',
  HASH_MISMATCH: 'the event’s content was changed after it was recorded: its hash no longer matches',
  BAD_GENESIS: 'the first event does not start the chain',
  TRUNCATED: 'events were removed from the end of the chain',
  HEAD_MISMATCH: 'the end of the chain is not the one recorded at every change',
  SNAPSHOT_MISMATCH: 'a frozen decision record no longer matches the hash bound into its event',
  RECORD_MISSING: 'a decision record bound into the chain is gone',
};

const CHECKPOINT_REASONS: Record<string, string> = {
  BAD_SIGNATURE: 'its signature is not valid: the checkpoint was altered, or not signed by this service’s key',
  HASH_DIFFERS: 'the event at its position now has another hash: history was rewritten since you kept it',
  TRUNCATED: 'it names an event that no longer exists: events were removed since you kept it',
  WRONG_ORGANISATION: 'it belongs to another organisation',
};

const DEFAULT_STEP = 20_000;

type Outcome =
  | { kind: 'valid'; verified: number; headSeq: number | null; headHash: string | null }
  | { kind: 'invalid'; verified: number; firstInvalidSeq: number | null; reason: string | null; problems: Problem[] }
  | { kind: 'empty' }
  | { kind: 'cancelled'; verified: number }
  | { kind: 'failed'; message: string; verified: number };

interface RunState {
  running: boolean;
  cancelling: boolean;
  verified: number;
  /** The last event to verify (the chain head when the run began); null until the first answer. */
  total: number | null;
  outcome: Outcome | null;
  mismatches: Mismatch[];
  kept: number;
  checks: CheckSummary[];
}

const IDLE: RunState = {
  running: false,
  cancelling: false,
  verified: 0,
  total: null,
  outcome: null,
  mismatches: [],
  kept: 0,
  checks: [],
};

/** Adds one range's feature-check summaries to those of the ranges before it. */
function addChecks(sum: CheckSummary[], more: CheckSummary[]): CheckSummary[] {
  const out = sum.map((c) => ({ ...c }));
  for (const c of more) {
    const same = out.find((o) => o.name === c.name);
    if (same) {
      same.checked += c.checked;
      same.problems += c.problems;
      same.unbound += c.unbound;
    } else out.push({ ...c });
  }
  return out;
}

/**
 * Recomputes the organisation's hash chain through the API, in consecutive ranges so that progress shows and the
 * auditor can stop. Each range is verified from the stored hash of the event before it, so consecutive ranges
 * together verify the whole chain; the last one reaches the head recorded when the run began and is compared
 * with it (events removed from the end show as TRUNCATED).
 */
export default function VerifyChainPage() {
  const client = useClient();
  const [step, setStep] = useState<number>(DEFAULT_STEP);
  const [pasted, setPasted] = useState('');
  const [pasteError, setPasteError] = useState<string | null>(null);
  const [run, setRun] = useState<RunState>(IDLE);
  const cancel = useRef(false);
  useEffect(
    () => () => {
      cancel.current = true;
    },
    [],
  );

  async function verify() {
    let kept: CheckpointFields[];
    try {
      kept = parseKeptCheckpoints(pasted);
      setPasteError(null);
    } catch (e) {
      setPasteError((e as Error).message);
      return;
    }
    cancel.current = false;
    const size = Math.max(10, Math.floor(step || DEFAULT_STEP));
    let state: RunState = { ...IDLE, running: true, kept: kept.length };
    const update = (s: Partial<RunState>) => {
      state = { ...state, ...s };
      setRun(state);
    };
    update({});
    let from = 1;
    let total: number | null = null;
    for (;;) {
      const to: number = total === null ? from + size - 1 : Math.min(from + size - 1, total);
      const res: OperationResult<AuditVerifyRangeQuery> = await client
        .query(
          VERIFY,
          { fromSeq: from, toSeq: to, checkpoints: total === null && kept.length ? kept : null },
          { requestPolicy: 'network-only' },
        )
        .toPromise();
      const v: Verification | undefined = res.data?.verifyAuditChain;
      if (!v) {
        const message =
          res.error?.graphQLErrors[0]?.message ??
          (res.error?.networkError ? 'The service could not be reached.' : (res.error?.message ?? 'No answer.'));
        update({ running: false, outcome: { kind: 'failed', message, verified: state.verified } });
        return;
      }
      if (total === null) {
        total = v.storedHeadSeq ?? 0;
        update({ total, mismatches: v.checkpointMismatches });
        if (total === 0) {
          update({ running: false, outcome: { kind: 'empty' } });
          return;
        }
      }
      const verified = state.verified + v.checked;
      update({ verified, checks: addChecks(state.checks, v.checks) });
      if (v.reason || v.problems.length > 0) {
        update({
          running: false,
          outcome: {
            kind: 'invalid',
            verified,
            firstInvalidSeq: v.firstInvalidSeq ?? v.problems[0]?.seq ?? null,
            reason: v.reason ?? v.problems[0]?.code ?? null,
            problems: v.problems,
          },
        });
        return;
      }
      if (to >= (total ?? 0)) {
        update({ running: false, outcome: { kind: 'valid', verified, headSeq: v.headSeq, headHash: v.headHash } });
        return;
      }
      if (cancel.current) {
        update({ running: false, cancelling: false, outcome: { kind: 'cancelled', verified } });
        return;
      }
      from = to + 1;
    }
  }

  const pct = run.total ? Math.min(100, (run.verified / run.total) * 100) : 0;
  return (
    <Stack>
      <Title order={1}>Verify the audit chain</Title>
      <Text>
        Every event in the audit log stores the hash of the event before it. Verifying recomputes every hash from the
        events as they are stored now: an event changed, removed or reordered since it was written shows here, with the
        first event where the chain breaks.
      </Text>
      <Text size="sm">
        A chain that verifies shows that nobody changed it <em>through the service</em>. Someone with full access to the
        database could rewrite history and recompute every hash; signed{' '}
        <Anchor inherit component={Link} to="/audit/checkpoints">
          checkpoints
        </Anchor>{' '}
        you keep outside the service catch that: paste them below.
      </Text>

      <Stack gap="sm" maw={720}>
        <Title order={2} size="h4">
          Options
        </Title>
        <NumberInput
          label="Events per step"
          description="The chain is verified in steps of this many events, one request each; progress shows after each step."
          min={10}
          max={100_000}
          step={1000}
          thousandSeparator=","
          value={step}
          onChange={(v) => setStep(typeof v === 'number' ? v : Number(v) || DEFAULT_STEP)}
          disabled={run.running}
        />
        <Textarea
          label="Checkpoints you kept (optional)"
          description="Paste the content of one or more checkpoint files you downloaded earlier (JSON). Each is checked against the chain as it is now."
          autosize
          minRows={3}
          maxRows={10}
          value={pasted}
          onChange={(e) => setPasted(e.currentTarget.value)}
          error={pasteError}
          disabled={run.running}
          styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }}
        />
        <Group gap="xs">
          <Button onClick={() => void verify()} loading={run.running} disabled={run.running}>
            Verify the chain
          </Button>
          {run.running && (
            <Button
              variant="default"
              onClick={() => {
                cancel.current = true;
                setRun((r) => ({ ...r, cancelling: true }));
              }}
              disabled={run.cancelling}
            >
              Cancel
            </Button>
          )}
        </Group>
      </Stack>

      {(run.running || run.outcome) && (
        <Stack gap="xs" maw={720}>
          <Title order={2} size="h4">
            Progress
          </Title>
          <Progress value={pct} size="lg" aria-label="Events verified" animated={run.running} />
          <Text size="sm" aria-live="polite">
            {run.total === null
              ? 'Asking the service for the length of the chain…'
              : `${count(run.verified)} of ${count(run.total)} events verified${run.cancelling ? ' · cancelling after this step…' : ''}`}
          </Text>
        </Stack>
      )}

      {run.outcome && <Result run={run} outcome={run.outcome} />}
    </Stack>
  );
}

function Result({ run, outcome }: { run: RunState; outcome: Outcome }) {
  const mismatches = run.mismatches;
  return (
    <Stack gap="sm" maw={900}>
      <Title order={2} size="h4">
        Result
      </Title>
      {outcome.kind === 'valid' && mismatches.length === 0 && (
        <Alert color="green" title="Valid">
          <Text size="sm">
            Valid: events 1–{count(outcome.verified)} verified. No event was changed, removed or reordered.
            {run.kept > 0 &&
              ` ${run.kept === 1 ? 'The checkpoint you kept matches' : `All ${run.kept} checkpoints you kept match`} the chain.`}
          </Text>
          {outcome.headHash && (
            <Text size="sm" mt="xs" style={{ overflowWrap: 'anywhere' }}>
              Last event verified: {outcome.headSeq}, hash <Code>{outcome.headHash}</Code>
            </Text>
          )}
        </Alert>
      )}
      {outcome.kind === 'valid' && mismatches.length > 0 && (
        <Alert color="red" title="Not valid: checkpoints do not match">
          Events 1–{count(outcome.verified)} link up, but {mismatches.length === 1 ? 'a checkpoint' : 'checkpoints'} you
          kept {mismatches.length === 1 ? 'does' : 'do'} not match the chain as it is now (listed below). The history
          may have been rewritten with every hash recomputed.
        </Alert>
      )}
      {outcome.kind === 'invalid' && (
        <Alert color="red" title="Not valid">
          <Text size="sm">
            {outcome.firstInvalidSeq != null
              ? `First invalid event: seq ${outcome.firstInvalidSeq}. `
              : 'The chain links up, but a check failed. '}
            {outcome.reason && (
              <>
                Reason: {outcome.reason} — {REASONS[outcome.reason] ?? 'see below'}.
              </>
            )}
          </Text>
          <Text size="sm" mt="xs">
            Events before it verified: {count(Math.max(0, outcome.verified))}. Verification stopped here.
          </Text>
          {outcome.problems.length > 0 && (
            <List size="sm" mt="xs">
              {outcome.problems.map((p, i) => (
                <List.Item key={`${p.check}-${p.code}-${p.seq ?? ''}-${i}`}>
                  {p.code}
                  {p.seq != null ? ` at seq ${p.seq}` : ''}: {p.message}
                  {p.check !== 'chain' ? ` (check: ${p.check})` : ''}
                  {p.expected ? ` · expected ${p.expected}` : ''}
                  {p.actual ? ` · found ${p.actual}` : ''}
                </List.Item>
              ))}
            </List>
          )}
        </Alert>
      )}
      {outcome.kind === 'empty' && (
        <Alert color="gray" title="No events">
          Your organisation has no audit event yet: there is nothing to verify.
        </Alert>
      )}
      {outcome.kind === 'cancelled' && (
        <Alert color="yellow" title="Cancelled">
          Cancelled: events 1–{count(outcome.verified)} were verified and valid so far; the rest of the chain was not
          checked.
        </Alert>
      )}
      {outcome.kind === 'failed' && (
        <Alert color="red" title="Could not verify">
          {outcome.message} Events verified before this: {count(outcome.verified)}.
        </Alert>
      )}
      {mismatches.length > 0 && (
        <>
          <Title order={3} size="h5">
            Checkpoints that do not match
          </Title>
          <List size="sm">
            {mismatches.map((m) => (
              <List.Item key={`${m.seq}-${m.reason}`} style={{ overflowWrap: 'anywhere' }}>
                Checkpoint at seq {m.seq}: {m.reason} — {CHECKPOINT_REASONS[m.reason] ?? m.reason}. Kept hash{' '}
                <Code>{m.expectedHash}</Code>
                {m.actualHash ? (
                  <>
                    , now <Code>{m.actualHash}</Code>
                  </>
                ) : null}
              </List.Item>
            ))}
          </List>
        </>
      )}
      {run.checks.length > 0 && (
        <>
          <Title order={3} size="h5">
            Other records bound into the chain
          </Title>
          <Table withTableBorder maw={720}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Check</Table.Th>
                <Table.Th scope="col">Verified</Table.Th>
                <Table.Th scope="col">Problems</Table.Th>
                <Table.Th scope="col">Older, not bound</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {run.checks.map((c) => (
                <Table.Tr key={c.name}>
                  <Table.Td>{c.name}</Table.Td>
                  <Table.Td>{count(c.checked)}</Table.Td>
                  <Table.Td>{count(c.problems)}</Table.Td>
                  <Table.Td>{count(c.unbound)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Stack>
  );
}
