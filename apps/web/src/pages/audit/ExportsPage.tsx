import {
  Alert,
  Anchor,
  Button,
  Code,
  Group,
  List,
  NumberInput,
  Progress,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { useSession } from '../../lib/session';
import { count, saveFile } from './audit-shared';

const SIZE = graphql(`
  query AuditExportsSize {
    auditEvents(first: 1) {
      totalCount
      totalCountExact
    }
  }
`);

type Format = 'ndjson' | 'csv';

interface Progress {
  bytes: number;
  events: number;
  /** Events the export should hold, when known beforehand. */
  expected: number | null;
}

type Outcome =
  | { kind: 'saved'; fileName: string; bytes: number; events: number; headSeq: number | null; format: Format }
  | { kind: 'failed'; message: string }
  | { kind: 'cancelled' };

/** Whether a complete line of the export is an event (not the CSV header, the head or the checkpoint). */
function isEventLine(line: string, format: Format): boolean {
  return format === 'csv' ? line.startsWith('event,') : line.startsWith('{"type":"event"');
}

/** The head's seq from its line, when the line is the head. */
function headSeqOf(line: string, format: Format): number | null {
  const m = format === 'csv' ? /^head,(\d+),/.exec(line) : /^\{"type":"head","seq":(\d+)/.exec(line);
  return m ? Number(m[1]) : null;
}

async function refusal(res: Response): Promise<string> {
  if (res.status === 401) return 'Your session has ended. Sign in again.';
  if (res.status === 403) return 'Your role may not export the audit log.';
  try {
    const body = (await res.json()) as { message?: string | string[] };
    const message = Array.isArray(body.message) ? body.message.join('; ') : body.message;
    if (message) return message;
  } catch {
    // Not JSON: the status says enough.
  }
  return `The service answered ${res.status}.`;
}

/**
 * The audit export (GET /audit/export): streamed by the service, read here as it comes (bytes and events
 * counted), then saved as a file the auditor verifies offline with scripts/verify-audit-export.mjs.
 */
export default function ExportsPage() {
  const { authFetch } = useSession();
  const [format, setFormat] = useState<Format>('ndjson');
  const [from, setFrom] = useState<number | ''>('');
  const [to, setTo] = useState<number | ''>('');
  const [rangeError, setRangeError] = useState<string | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const abort = useRef<AbortController | null>(null);
  const [{ data: size }] = useQuery({ query: SIZE });
  useEffect(() => () => abort.current?.abort(), []);

  const running = progress !== null;

  async function download(e: FormEvent) {
    e.preventDefault();
    if (from !== '' && to !== '' && to < from) {
      setRangeError('The last event must not come before the first.');
      return;
    }
    setRangeError(null);
    setOutcome(null);
    const params = new URLSearchParams({ format });
    if (from !== '') params.set('from', String(from));
    if (to !== '') params.set('to', String(to));
    const total = size?.auditEvents.totalCountExact ? size.auditEvents.totalCount : null;
    const expected =
      total === null ? null : Math.max(0, Math.min(to === '' ? total : to, total) - (from === '' ? 1 : from) + 1);
    const controller = new AbortController();
    abort.current = controller;
    const state: Progress = { bytes: 0, events: 0, expected };
    setProgress({ ...state });
    try {
      const res = await authFetch(`/audit/export?${params.toString()}`, { signal: controller.signal });
      if (!res.ok || !res.body) {
        setOutcome({ kind: 'failed', message: await refusal(res) });
        return;
      }
      const fileName =
        /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `audit.${format}`;
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      const chunks: Uint8Array<ArrayBuffer>[] = [];
      let rest = '';
      let headSeq: number | null = null;
      let shown = 0;
      const countLines = (text: string) => {
        const lines = text.split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) {
          if (isEventLine(line, format)) state.events++;
          else headSeq = headSeqOf(line, format) ?? headSeq;
        }
      };
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value as Uint8Array<ArrayBuffer>);
        state.bytes += value.byteLength;
        countLines(rest + decoder.decode(value, { stream: true }));
        // Shown at most every 50 ms: a long export arrives in many small pieces.
        const now = performance.now();
        if (now - shown > 50) {
          shown = now;
          setProgress({ ...state });
        }
      }
      countLines(`${rest}${decoder.decode()}\n`);
      setProgress({ ...state });
      saveFile(chunks, format === 'csv' ? 'text/csv' : 'application/x-ndjson', fileName);
      setOutcome({ kind: 'saved', fileName, bytes: state.bytes, events: state.events, headSeq, format });
    } catch (error) {
      setOutcome(
        controller.signal.aborted
          ? { kind: 'cancelled' }
          : { kind: 'failed', message: `The download stopped: ${(error as Error).message}` },
      );
    } finally {
      abort.current = null;
      setProgress(null);
    }
  }

  return (
    <Stack>
      <Title order={1}>Audit exports</Title>
      <Text>
        Download the audit log to check it on a computer of your own, without trusting this service: one line per event
        with its hashes, then the end of the chain and a checkpoint the service signs over it.
      </Text>

      <form onSubmit={(e) => void download(e)} aria-label="Download an audit export">
        <Stack gap="sm" maw={720}>
          <Title order={2} size="h4">
            Download
          </Title>
          <Radio.Group
            label="Format"
            value={format}
            onChange={(v) => setFormat(v as Format)}
            description="Both hold the same events and verify the same way."
          >
            <Group mt="xs">
              <Radio value="ndjson" label="NDJSON (one JSON object per line)" disabled={running} />
              <Radio value="csv" label="CSV (one row per event)" disabled={running} />
            </Group>
          </Radio.Group>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NumberInput
              label="First event (seq, optional)"
              description="Empty: from the first event"
              min={1}
              allowDecimal={false}
              allowNegative={false}
              value={from}
              onChange={(v) => setFrom(typeof v === 'number' ? v : '')}
              disabled={running}
            />
            <NumberInput
              label="Last event (seq, optional)"
              description="Empty: up to the latest event"
              min={1}
              allowDecimal={false}
              allowNegative={false}
              value={to}
              onChange={(v) => setTo(typeof v === 'number' ? v : '')}
              error={rangeError}
              disabled={running}
            />
          </SimpleGrid>
          {size?.auditEvents && (
            <Text size="sm">
              The log holds {size.auditEvents.totalCountExact ? '' : 'about '}
              {count(size.auditEvents.totalCount)} events.
            </Text>
          )}
          <Group gap="xs">
            <Button type="submit" loading={running} disabled={running}>
              Download export
            </Button>
            {running && (
              <Button variant="default" onClick={() => abort.current?.abort()}>
                Cancel
              </Button>
            )}
          </Group>
        </Stack>
      </form>

      {progress && (
        <Stack gap="xs" maw={720}>
          <Title order={2} size="h4">
            Receiving
          </Title>
          <Progress
            value={progress.expected ? Math.min(100, (progress.events / progress.expected) * 100) : 100}
            striped={!progress.expected}
            animated
            size="lg"
            aria-label="Events received"
          />
          <Text size="sm" aria-live="polite">
            {count(progress.events)}
            {progress.expected !== null ? ` of ${count(progress.expected)}` : ''} events received ·{' '}
            {count(progress.bytes)} bytes
          </Text>
        </Stack>
      )}
      {outcome?.kind === 'saved' && (
        <Alert color="green" title="Export saved">
          {outcome.fileName}: {count(outcome.events)} events, {count(outcome.bytes)} bytes
          {outcome.headSeq !== null ? `, ending with the chain head at seq ${count(outcome.headSeq)}` : ''}. Your
          browser saved it in its downloads folder. Verify it as described below.
        </Alert>
      )}
      {outcome?.kind === 'failed' && (
        <Alert color="red" title="Export not downloaded">
          {outcome.message}
        </Alert>
      )}
      {outcome?.kind === 'cancelled' && (
        <Alert color="yellow" title="Cancelled">
          The download was cancelled; nothing was saved.
        </Alert>
      )}

      <Stack gap="xs" maw={900}>
        <Title order={2} size="h4">
          Verify an export offline
        </Title>
        <Text size="sm">
          The verifier is one file, <Code>scripts/verify-audit-export.mjs</Code> in the service’s source. It needs only
          Node.js 20 or later: no installation, no network, no access to the service. Copy it to a computer you trust
          and run:
        </Text>
        <Code block>
          {
            'node verify-audit-export.mjs audit-1.ndjson --public-key <publicKey of a checkpoint you kept>\n# with checkpoints you kept earlier:\nnode verify-audit-export.mjs audit-1.ndjson --public-key <publicKey> --checkpoint audit-checkpoint-demo-42.json'
          }
        </Code>
        <List size="sm">
          <List.Item>
            It recomputes every event’s hash, checks that each event links to the one before and that none is missing,
            and checks the signature of the checkpoint at the end.
          </List.Item>
          <List.Item>
            <Code>--public-key</Code> is the <Code>publicKey</Code> field of a checkpoint you kept earlier (
            <Anchor inherit component={Link} to="/audit/checkpoints">
              Checkpoints
            </Anchor>
            , Download JSON). Take it from a copy you trust, not from this export: whoever rewrote the history could
            sign an export with a key of their own.
          </List.Item>
          <List.Item>
            <Code>--checkpoint</Code> (optional, repeatable) checks that the event at each kept checkpoint still has the
            hash it recorded: a rewritten history shows even when every hash was recomputed.
          </List.Item>
          <List.Item>
            It prints one line: <Code>VALID: N events, head seq S …</Code> (exit code 0) or{' '}
            <Code>INVALID at seq S: REASON …</Code> (exit code 1).
          </List.Item>
          <List.Item>
            Keep the file as downloaded. A CSV opened and saved again by a spreadsheet usually changes values and no
            longer verifies.
          </List.Item>
        </List>
      </Stack>
    </Stack>
  );
}
