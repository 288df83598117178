/** Helpers shared by the auditor's screens. */

/** A time as the audit log records it, in UTC (e.g. `2026-12-01 14:03:07 UTC`), so auditors compare like with like. */
export function utcTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** Saves data the page holds as a file of the user's: a Blob behind an object URL, a link with `download`. */
export function saveFile(parts: BlobPart[], type: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob(parts, { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The download has started from the URL; free it once the browser has taken it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The fields of a signed checkpoint, in the order the service signs and the offline verifier reads them. */
export interface CheckpointFields {
  organisation: string;
  organisationId: string;
  seq: number;
  hash: string;
  signedAt: string;
  signature: string;
  publicKey: string;
  keyId: string;
}

/** Exactly the checkpoint's own fields (no GraphQL `__typename`): what `verifyAuditChain` and the script accept. */
export function checkpointFields(c: CheckpointFields): CheckpointFields {
  return {
    organisation: c.organisation,
    organisationId: c.organisationId,
    seq: c.seq,
    hash: c.hash,
    signedAt: c.signedAt,
    signature: c.signature,
    publicKey: c.publicKey,
    keyId: c.keyId,
  };
}

export function downloadCheckpoint(c: CheckpointFields): void {
  saveFile(
    [`${JSON.stringify(checkpointFields(c), null, 2)}\n`],
    'application/json',
    `audit-checkpoint-${c.organisation}-${c.seq}.json`,
  );
}

/**
 * Checkpoints pasted back by an auditor: one JSON object, an array of them, or one per line (as an export's
 * checkpoint lines). Throws a plain message when the text is not that.
 */
export function parseKeptCheckpoints(text: string): CheckpointFields[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  let values: unknown[];
  try {
    const parsed: unknown = JSON.parse(trimmed);
    values = Array.isArray(parsed) ? parsed : [parsed];
  } catch {
    try {
      values = trimmed
        .split(/\r?\n/)
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as unknown);
    } catch {
      throw new Error('This is not JSON. Paste the content of a checkpoint file you downloaded (or several).');
    }
  }
  return values.map((v, i) => {
    const o = (v ?? {}) as Record<string, unknown>;
    const text = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : '');
    const seq = typeof o.seq === 'number' ? o.seq : Number(o.seq);
    const c: CheckpointFields = {
      organisation: text('organisation'),
      organisationId: text('organisationId'),
      seq,
      hash: text('hash'),
      signedAt: text('signedAt'),
      signature: text('signature'),
      publicKey: text('publicKey'),
      keyId: text('keyId'),
    };
    const missing = Object.entries(c)
      .filter(([, value]) => value === '' || (typeof value === 'number' && !(Number.isSafeInteger(value) && value > 0)))
      .map(([k]) => k);
    if (missing.length)
      throw new Error(`Checkpoint ${i + 1} lacks ${missing.join(', ')}: paste a checkpoint file as downloaded.`);
    return c;
  });
}

/** Whole numbers with thousands separators. */
export function count(n: number): string {
  return n.toLocaleString('en');
}
