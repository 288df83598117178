import { Client } from 'pg';
import { CREATE_REQUEST, GraphqlClient, requestInput, SUBMIT } from '@app/testing';

/** A write the service acknowledged: HTTP 200, no error, the request in the answer. */
export interface Acknowledged {
  id: string;
  title: string;
  /** The submission was acknowledged too. */
  submitted: boolean;
  at: number;
}

/** An answer that is neither an acknowledgement nor a well-formed outage answer. */
export interface Unexpected {
  at: number;
  what: string;
}

/** No request may take longer than this; a fetch still open then counts as a hang. */
const HANG_MS = 60_000;

/**
 * Clients creating and submitting adoption requests (audited mutations) as fast as the service lets
 * them, while a fault is injected. Every answer is sorted: acknowledged, an outage answer (HTTP 503,
 * SERVICE_UNAVAILABLE, Retry-After), the API process unreachable (only expected while it is down), or
 * unexpected (a 500, another code, a hang). `target()` is read before each request, so the clients follow
 * a restarted API process to its new address.
 */
export class WriteBurst {
  readonly acknowledged: Acknowledged[] = [];
  readonly outageAnswers: number[] = [];
  readonly unreachable: Unexpected[] = [];
  readonly unexpected: Unexpected[] = [];
  private running = true;
  private readonly workers: Promise<void>[];

  constructor(
    private readonly target: () => GraphqlClient,
    private readonly modelId: string,
    concurrency = 4,
  ) {
    this.workers = Array.from({ length: concurrency }, (_, n) => this.work(n));
  }

  /** Stops the clients and waits for their last requests. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.workers);
  }

  /** Resolves once `condition()` holds, checking after each answer; fails after `withinMs`. */
  async until(what: string, condition: () => boolean, withinMs = 120_000): Promise<void> {
    const deadline = Date.now() + withinMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`not reached within ${withinMs} ms: ${what}; ${this.summary()}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  acknowledgedSince(t: number): number {
    return this.acknowledged.filter((a) => a.at >= t).length;
  }

  summary(): string {
    return (
      `${this.acknowledged.length} acknowledged, ${this.outageAnswers.length} outage answers, ` +
      `${this.unreachable.length} unreachable, unexpected: ${JSON.stringify(this.unexpected.slice(0, 5))}`
    );
  }

  private async work(worker: number) {
    for (let i = 0; this.running; i++) {
      const title = `Burst ${worker}-${i}-${Date.now()}`;
      const created = await this.attempt(CREATE_REQUEST, { input: requestInput(this.modelId, title) });
      if (!created) continue;
      const ack: Acknowledged = { id: created.id, title, submitted: false, at: Date.now() };
      this.acknowledged.push(ack);
      if (await this.attempt(SUBMIT, { id: created.id })) ack.submitted = true;
    }
  }

  /** One mutation; returns the request when acknowledged, null otherwise (after sorting the answer). */
  private async attempt(query: string, variables: Record<string, unknown>): Promise<{ id: string } | null> {
    const client = this.target();
    let res: Response;
    try {
      res = await fetch(`${client.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${client.token}` },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(HANG_MS),
      });
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError') this.unexpected.push({ at: Date.now(), what: `no answer within ${HANG_MS} ms` });
      else this.unreachable.push({ at: Date.now(), what: describeFetchError(error) });
      await pause(100);
      return null;
    }
    const text = await res.text().catch(() => '');
    let body: {
      data?: { r?: { __typename?: string; id?: string } };
      errors?: Array<{ extensions?: { code?: string } }>;
    };
    try {
      body = JSON.parse(text);
    } catch {
      this.unexpected.push({ at: Date.now(), what: `HTTP ${res.status}, not JSON: ${text.slice(0, 200)}` });
      return null;
    }
    const codes = (body.errors ?? []).map((e) => e.extensions?.code);
    if (res.status === 200 && codes.length === 0 && body.data?.r?.__typename === 'AdoptionRequest') {
      return { id: body.data.r.id! };
    }
    if (
      res.status === 503 &&
      codes.length > 0 &&
      codes.every((c) => c === 'SERVICE_UNAVAILABLE') &&
      Number(res.headers.get('retry-after')) > 0
    ) {
      this.outageAnswers.push(Date.now());
      // A well-behaved client waits before retrying; a short pause keeps the suite quick.
      await pause(200);
      return null;
    }
    this.unexpected.push({ at: Date.now(), what: `HTTP ${res.status}: ${text.slice(0, 300)}` });
    return null;
  }
}

function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? String(error);
}

function pause(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * What the database holds of the acknowledged writes: the requests that are missing, the submissions
 * whose status went back to DRAFT, and the acknowledged writes that have no audit event.
 */
export async function lostWrites(databaseUrl: string, acks: Acknowledged[]) {
  const sql = new Client({ connectionString: databaseUrl });
  await sql.connect();
  try {
    const ids = acks.map((a) => a.id);
    const rows = await sql.query<{ id: string; title: string; status: string }>(
      'SELECT id, title, status FROM adoption_request WHERE id = ANY($1::uuid[])',
      [ids],
    );
    const byId = new Map(rows.rows.map((r) => [r.id, r]));
    const events = await sql.query<{ subject_id: string; to_state: string | null }>(
      'SELECT subject_id, to_state FROM audit_event WHERE subject_id = ANY($1::varchar[])',
      [ids],
    );
    const audited = new Set(events.rows.map((e) => `${e.subject_id}/${e.to_state ?? ''}`));
    const auditedAtAll = new Set(events.rows.map((e) => e.subject_id));
    return {
      missing: acks.filter((a) => byId.get(a.id)?.title !== a.title).map((a) => a.id),
      unsubmitted: acks.filter((a) => a.submitted && byId.get(a.id)?.status === 'DRAFT').map((a) => a.id),
      unaudited: acks
        .filter((a) => !auditedAtAll.has(a.id) || (a.submitted && !audited.has(`${a.id}/SUBMITTED`)))
        .map((a) => a.id),
    };
  } finally {
    await sql.end();
  }
}
