import { createHash, generateKeyPairSync, verify } from 'node:crypto';
import {
  AuditCheckpoint,
  checkpointSigningBytes,
  compareWithChain,
  keyIdOf,
  loadSigningKey,
  signCheckpoint,
  verifyCheckpointSignature,
} from './audit-checkpoint';
import { HashedEvent, ORG_ID, OTHER_ORG_ID, buildChain } from './audit-export.test-support';

const HEAD_HASH = 'ab'.repeat(32);
const SIGNED_AT = new Date(Date.UTC(2026, 10, 28, 9, 30, 0, 123));
const fields = { organisation: 'demo', organisationId: ORG_ID, seq: 5, hash: HEAD_HASH, signedAt: SIGNED_AT };

function ed25519Pair() {
  return generateKeyPairSync('ed25519');
}

describe(loadSigningKey.name, () => {
  it('reads a PEM private key and derives the public key and its id', () => {
    const pair = ed25519Pair();
    const pem = pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const sut = loadSigningKey(pem, 'production');
    const spki = pair.publicKey.export({ format: 'der', type: 'spki' });
    expect(sut.generated).toBe(false);
    expect(sut.publicKey).toBe(spki.toString('base64'));
    expect(sut.keyId).toBe(createHash('sha256').update(spki).digest('hex').slice(0, 16));
    expect(sut.keyId).toMatch(/^[0-9a-f]{16}$/);
  });

  it('reads a PEM key whose line breaks were escaped as \\n (as environment files carry them)', () => {
    const pair = ed25519Pair();
    const pem = pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString().replace(/\n/g, '\\n');
    expect(loadSigningKey(pem, 'production').publicKey).toBe(
      pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    );
  });

  it('reads a base64 PKCS#8 DER key, and what it signs verifies with the matching public key', () => {
    const pair = ed25519Pair();
    const der = pair.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    const sut = loadSigningKey(der, 'production');
    const checkpoint = signCheckpoint(sut, fields);
    const signature = Buffer.from(checkpoint.signature, 'base64');
    expect(verify(null, checkpointSigningBytes(checkpoint), pair.publicKey, signature)).toBe(true);
  });

  it.each([undefined, '', '   '])('refuses to run in production without a key (%p), naming AUDIT_SIGNING_KEY', (v) => {
    expect(() => loadSigningKey(v, 'production')).toThrow(/AUDIT_SIGNING_KEY/);
  });

  it.each(['development', 'test'] as const)('generates an ephemeral key in %s and says so', (env) => {
    const sut = loadSigningKey(undefined, env);
    expect(sut.generated).toBe(true);
    expect(sut.privateKey.asymmetricKeyType).toBe('ed25519');
    expect(loadSigningKey(undefined, env).keyId).not.toBe(sut.keyId);
  });

  it('refuses unreadable key material without repeating it in the message', () => {
    const secret = 'bm90IGEga2V5IGF0IGFsbA==';
    expect(() => loadSigningKey(secret, 'development')).toThrow(/AUDIT_SIGNING_KEY/);
    expect(() => loadSigningKey(secret, 'development')).not.toThrow(new RegExp(secret));
  });

  it('refuses a key that is not Ed25519', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const pem = rsa.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => loadSigningKey(pem, 'production')).toThrow(/AUDIT_SIGNING_KEY must be an Ed25519 key/);
  });
});

describe(signCheckpoint.name, () => {
  const key = loadSigningKey(undefined, 'test');

  it('signs the RFC 8785 canonical JSON of the five checkpoint fields', () => {
    const sut = signCheckpoint(key, fields);
    expect(sut).toMatchObject({ organisation: 'demo', seq: 5, hash: HEAD_HASH, signedAt: '2026-11-28T09:30:00.123Z' });
    expect(sut.publicKey).toBe(key.publicKey);
    expect(sut.keyId).toBe(key.keyId);
    expect(checkpointSigningBytes(sut).toString('utf8')).toBe(
      `{"hash":"${HEAD_HASH}","organisation":"demo","organisationId":"${ORG_ID}",` +
        `"seq":5,"signedAt":"2026-11-28T09:30:00.123Z"}`,
    );
  });

  it.each([
    [{ seq: 0 }, /seq/],
    [{ seq: 1.5 }, /seq/],
    [{ hash: 'AB'.repeat(32) }, /hash/],
    [{ organisation: '' }, /organisation/],
  ])('refuses an invalid checkpoint %p', (override, message) => {
    expect(() => signCheckpoint(key, { ...fields, ...override })).toThrow(message);
  });
});

describe(verifyCheckpointSignature.name, () => {
  const key = loadSigningKey(undefined, 'test');
  const checkpoint = signCheckpoint(key, fields);

  it('accepts an untouched checkpoint, alone and against its own key (base64 or PEM)', () => {
    const pem = `-----BEGIN PUBLIC KEY-----\n${key.publicKey}\n-----END PUBLIC KEY-----\n`;
    expect(verifyCheckpointSignature(checkpoint)).toBe(true);
    expect(verifyCheckpointSignature(checkpoint, key.publicKey)).toBe(true);
    expect(verifyCheckpointSignature(checkpoint, pem)).toBe(true);
  });

  it.each<[string, Partial<AuditCheckpoint>]>([
    ['organisation', { organisation: 'other' }],
    ['organisationId', { organisationId: OTHER_ORG_ID }],
    ['seq', { seq: 6 }],
    ['hash', { hash: `${HEAD_HASH.slice(0, 63)}c` }],
    ['signedAt', { signedAt: '2026-11-28T09:30:00.124Z' }],
    ['keyId', { keyId: '0123456789abcdef' }],
  ])('refuses a checkpoint whose %s was changed', (_field, change) => {
    expect(verifyCheckpointSignature({ ...checkpoint, ...change })).toBe(false);
  });

  it('refuses a signature with one bit flipped', () => {
    const signature = Buffer.from(checkpoint.signature, 'base64');
    signature[10] ^= 0x01;
    expect(verifyCheckpointSignature({ ...checkpoint, signature: signature.toString('base64') })).toBe(false);
  });

  it('refuses a signature presented with another public key', () => {
    const other = loadSigningKey(undefined, 'test');
    expect(verifyCheckpointSignature({ ...checkpoint, publicKey: other.publicKey, keyId: other.keyId })).toBe(false);
  });

  it('a checkpoint re-signed by someone else is intact but not trusted', () => {
    const forger = loadSigningKey(undefined, 'test');
    const forged = signCheckpoint(forger, fields);
    expect(verifyCheckpointSignature(forged)).toBe(true);
    expect(verifyCheckpointSignature(forged, key.publicKey)).toBe(false);
  });

  it.each([{ signature: '***' }, { publicKey: 'not base64!' }, { publicKey: '' }, { signature: 'AAAA' }])(
    'answers false, not an exception, for malformed input %p',
    (change) => {
      expect(verifyCheckpointSignature({ ...checkpoint, ...change })).toBe(false);
    },
  );

  it('keyIdOf matches the id in the checkpoint', () => {
    expect(keyIdOf(checkpoint.publicKey)).toBe(checkpoint.keyId);
  });
});

describe(compareWithChain.name, () => {
  const key = loadSigningKey(undefined, 'test');
  const original = buildChain(10);
  const keep = (events: HashedEvent[], seq: number) =>
    signCheckpoint(key, { organisation: 'demo', organisationId: ORG_ID, seq, hash: events[seq - 1].hash });
  const kept = [keep(original, 4), keep(original, 8)];
  const lookupIn = (events: HashedEvent[]) => (seq: number) => events.find((e) => e.seq === seq)?.hash ?? null;
  const expected = { organisationId: ORG_ID, trustedPublicKey: key.publicKey };

  it('reports nothing when the chain still matches every kept checkpoint', () => {
    expect(compareWithChain(kept, lookupIn(original), 10, expected)).toEqual([]);
    expect(compareWithChain(kept, lookupIn(original), 8, { organisationId: ORG_ID })).toEqual([]);
  });

  it('detects history rewritten from seq 3 and rehashed, then truncated to 6 events', () => {
    const rewritten = [
      ...original.slice(0, 2),
      ...buildChain(4, { fromSeq: 3, previousHash: original[1].hash, salt: 'x' }),
    ];
    const sut = compareWithChain(kept, lookupIn(rewritten), 6, expected);
    expect(sut).toEqual([
      { seq: 4, reason: 'HASH_DIFFERS', expectedHash: original[3].hash, actualHash: rewritten[3].hash },
      { seq: 8, reason: 'TRUNCATED', expectedHash: original[7].hash, actualHash: null },
    ]);
  });

  it('calls a checkpoint one past the head TRUNCATED, and one at the head a match', () => {
    const shortened = original.slice(0, 7);
    expect(compareWithChain([keep(original, 7), keep(original, 8)], lookupIn(shortened), 7, expected)).toEqual([
      { seq: 8, reason: 'TRUNCATED', expectedHash: original[7].hash, actualHash: null },
    ]);
  });

  it('reports an event missing below the head as HASH_DIFFERS with no actual hash', () => {
    const withHole = original.filter((e) => e.seq !== 4);
    expect(compareWithChain(kept, lookupIn(withHole), 10, expected)).toEqual([
      { seq: 4, reason: 'HASH_DIFFERS', expectedHash: original[3].hash, actualHash: null },
    ]);
  });

  it('refuses a checkpoint of another organisation', () => {
    const foreign = signCheckpoint(key, {
      organisation: 'other',
      organisationId: OTHER_ORG_ID,
      seq: 4,
      hash: HEAD_HASH,
    });
    expect(compareWithChain([foreign], lookupIn(original), 10, expected)).toEqual([
      { seq: 4, reason: 'WRONG_ORGANISATION', expectedHash: HEAD_HASH, actualHash: null },
    ]);
  });

  it('refuses tampered checkpoints and checkpoints signed by an untrusted key, without comparing them', () => {
    const tampered = { ...kept[0], hash: original[4].hash, seq: 5 };
    const forged = signCheckpoint(loadSigningKey(undefined, 'test'), { ...fields, seq: 2, hash: original[1].hash });
    expect(compareWithChain([tampered, forged], lookupIn(original), 10, expected)).toEqual([
      { seq: 5, reason: 'BAD_SIGNATURE', expectedHash: original[4].hash, actualHash: null },
      { seq: 2, reason: 'BAD_SIGNATURE', expectedHash: original[1].hash, actualHash: null },
    ]);
  });
});
