import { KeyObject, createHash, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { parseAuditSigningKey } from '@app/core';
import canonicalize from 'canonicalize';

/** The configuration variable that holds the checkpoint signing key (named in every key error). */
export const AUDIT_SIGNING_KEY = 'AUDIT_SIGNING_KEY';

/**
 * A signed statement "organisation X's audit chain had hash H at sequence S at time T".
 *
 * A hash chain alone does not stop someone with database access from rewriting history and recomputing every
 * hash; a checkpoint kept outside the database (by an auditor) does, because the rewritten chain no longer
 * matches it and the signature cannot be recomputed without the private key.
 */
export interface AuditCheckpoint {
  /** Organisation slug, for people; the id below is what binds the checkpoint to a chain. */
  organisation: string;
  organisationId: string;
  seq: number;
  /** Hash of the event at `seq` (hex SHA-256). */
  hash: string;
  /** UTC ISO 8601 with milliseconds. */
  signedAt: string;
  /** Ed25519 signature (base64) over {@link checkpointSigningBytes}. */
  signature: string;
  /** Ed25519 public key, base64 of its SPKI DER encoding. */
  publicKey: string;
  /** First 16 hex characters of SHA-256 over the SPKI DER public key. */
  keyId: string;
}

/** The fields a checkpoint signs. */
export type CheckpointFields = Pick<AuditCheckpoint, 'organisation' | 'organisationId' | 'seq' | 'hash' | 'signedAt'>;

export type SigningEnvironment = 'production' | 'development' | 'test';

/** A loaded Ed25519 signing key. The private key stays a KeyObject so it is never printed by accident. */
export interface AuditSigningKey {
  privateKey: KeyObject;
  /** base64 SPKI DER, as published in every checkpoint. */
  publicKey: string;
  keyId: string;
  /** True when no key was configured and an ephemeral one was generated (the caller logs a warning). */
  generated: boolean;
}

export type CheckpointMismatchReason = 'BAD_SIGNATURE' | 'HASH_DIFFERS' | 'TRUNCATED' | 'WRONG_ORGANISATION';

/** A kept checkpoint that the current chain no longer matches. */
export interface CheckpointMismatch {
  seq: number;
  reason: CheckpointMismatchReason;
  /** The hash the checkpoint recorded. */
  expectedHash: string;
  /** The chain's hash at that seq now; null when the chain has no event there or it was not compared. */
  actualHash: string | null;
}

const HASH = /^[0-9a-f]{64}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Loads the checkpoint signing key from configuration: a PEM private key ("-----BEGIN PRIVATE KEY-----", with
 * real or `\n`-escaped line breaks as environment files often carry them) or base64 of the PKCS#8 DER bytes.
 * Without a value, production refuses (the error names AUDIT_SIGNING_KEY); elsewhere an ephemeral key is
 * generated and `generated` is true, so checkpoints made before a restart no longer verify against the key.
 *
 * @example
 * // Either of these makes a key:
 * //   openssl genpkey -algorithm ed25519                                     (PEM)
 * //   node -e "console.log(require('crypto').generateKeyPairSync('ed25519').privateKey
 * //     .export({ format: 'der', type: 'pkcs8' }).toString('base64'))"      (base64 PKCS#8 DER)
 * const key = loadSigningKey(process.env.AUDIT_SIGNING_KEY, 'production');
 */
export function loadSigningKey(configValue: string | undefined, env: SigningEnvironment): AuditSigningKey {
  const value = configValue?.trim();
  if (!value) {
    if (env === 'production') {
      throw new Error(
        `${AUDIT_SIGNING_KEY} is not set: production refuses to sign audit checkpoints with an ephemeral key ` +
          '(set it to an Ed25519 private key, PEM or base64 PKCS#8 DER)',
      );
    }
    return describeKey(generateKeyPairSync('ed25519').privateKey, true);
  }
  // The same parser validates the variable at start-up (configuration), so what passed there loads here.
  // Its messages never contain key material: they may reach a log.
  try {
    return describeKey(parseAuditSigningKey(value), false);
  } catch (error) {
    throw new Error(`${AUDIT_SIGNING_KEY} ${(error as Error).message}`, { cause: error });
  }
}

/** The exact bytes that are signed: RFC 8785 canonical JSON of the five checkpoint fields. */
export function checkpointSigningBytes(fields: CheckpointFields): Buffer {
  const text = canonicalize({
    organisation: fields.organisation,
    organisationId: fields.organisationId,
    seq: fields.seq,
    hash: fields.hash,
    signedAt: fields.signedAt,
  });
  if (text === undefined) throw new Error('checkpoint cannot be canonicalised');
  return Buffer.from(text, 'utf8');
}

/**
 * Signs the chain head of one organisation. `signedAt` defaults to now. A checkpoint needs an event to point
 * at: seq is a positive integer and hash a lowercase hex SHA-256 (an empty chain has nothing to checkpoint).
 */
export function signCheckpoint(
  key: Pick<AuditSigningKey, 'privateKey'>,
  fields: Omit<CheckpointFields, 'signedAt'> & { signedAt?: Date },
): AuditCheckpoint {
  if (!Number.isSafeInteger(fields.seq) || fields.seq < 1) throw new Error(`invalid checkpoint seq ${fields.seq}`);
  if (!HASH.test(fields.hash)) throw new Error('checkpoint hash must be 64 lowercase hex characters');
  if (!fields.organisation || !fields.organisationId) throw new Error('checkpoint needs an organisation');
  const signed: CheckpointFields = {
    organisation: fields.organisation,
    organisationId: fields.organisationId,
    seq: fields.seq,
    hash: fields.hash,
    signedAt: (fields.signedAt ?? new Date()).toISOString(),
  };
  const { publicKey, keyId } = describeKey(key.privateKey, false);
  const signature = sign(null, checkpointSigningBytes(signed), key.privateKey).toString('base64');
  return { ...signed, signature, publicKey, keyId };
}

/**
 * True when the checkpoint's signature is valid for its own public key and its keyId is that key's id; with
 * `trustedPublicKey` (base64 SPKI DER or PEM) also requires the checkpoint to be signed by that very key.
 * Without a trusted key this only proves the checkpoint is intact, not who made it: whoever rewrites history
 * can sign with a key of their own. Malformed input yields false, never an exception.
 */
export function verifyCheckpointSignature(checkpoint: AuditCheckpoint, trustedPublicKey?: string): boolean {
  try {
    const der = decodeBase64(checkpoint.publicKey);
    const publicKey = createPublicKey({ key: der, format: 'der', type: 'spki' });
    if (publicKey.asymmetricKeyType !== 'ed25519') return false;
    if (checkpoint.keyId !== keyIdOf(der)) return false;
    if (trustedPublicKey !== undefined && !der.equals(publicKeyDer(trustedPublicKey))) return false;
    return verify(null, checkpointSigningBytes(checkpoint), publicKey, decodeBase64(checkpoint.signature));
  } catch {
    return false;
  }
}

/**
 * Compares checkpoints an auditor kept with the chain as it is now and returns those it no longer matches:
 * BAD_SIGNATURE (forged or altered checkpoint, or not made by `trustedPublicKey`), WRONG_ORGANISATION,
 * TRUNCATED (the checkpoint's seq is beyond the current head: events were removed) and HASH_DIFFERS (the event
 * at that seq has another hash, or is missing: history was rewritten, even if every hash was recomputed).
 * An empty result means every checkpoint still matches.
 *
 * `lookup` returns the current hash at a seq (null when absent); it is synchronous so this stays pure: the
 * caller fetches the few hashes the checkpoints name in one query first. `headSeq` is 0 for an empty chain.
 */
export function compareWithChain(
  checkpoints: readonly AuditCheckpoint[],
  lookup: (seq: number) => string | null,
  headSeq: number,
  expected: { organisationId: string; trustedPublicKey?: string },
): CheckpointMismatch[] {
  const mismatches: CheckpointMismatch[] = [];
  for (const checkpoint of checkpoints) {
    const mismatch = (reason: CheckpointMismatchReason, actualHash: string | null = null) =>
      mismatches.push({ seq: checkpoint.seq, reason, expectedHash: checkpoint.hash, actualHash });
    // An unverifiable checkpoint says nothing about the chain, so its other fields are not compared.
    if (!verifyCheckpointSignature(checkpoint, expected.trustedPublicKey)) mismatch('BAD_SIGNATURE');
    else if (checkpoint.organisationId !== expected.organisationId) mismatch('WRONG_ORGANISATION');
    else if (checkpoint.seq > headSeq) mismatch('TRUNCATED');
    else {
      const actual = lookup(checkpoint.seq);
      if (actual !== checkpoint.hash) mismatch('HASH_DIFFERS', actual);
    }
  }
  return mismatches;
}

/** keyId of a public key given as base64 SPKI DER. */
export function keyIdOf(spkiDer: Buffer | string): string {
  const der = typeof spkiDer === 'string' ? decodeBase64(spkiDer) : spkiDer;
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

function describeKey(privateKey: KeyObject, generated: boolean): AuditSigningKey {
  const der = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return { privateKey, publicKey: der.toString('base64'), keyId: keyIdOf(der), generated };
}

function publicKeyDer(value: string): Buffer {
  const text = value.trim();
  if (!text.startsWith('-----BEGIN')) return decodeBase64(text);
  return createPublicKey({ key: text, format: 'pem' }).export({ format: 'der', type: 'spki' });
}

/** Buffer.from(…, 'base64') silently skips invalid characters; a key or signature must be exact. */
function decodeBase64(value: string): Buffer {
  if (!BASE64.test(value) || value.length % 4 !== 0) throw new Error('not base64');
  return Buffer.from(value, 'base64');
}
