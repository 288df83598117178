import { createPrivateKey, KeyObject } from 'node:crypto';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Parses an audit signing key as configuration carries it: a PEM private key ("-----BEGIN PRIVATE KEY-----",
 * with real or `\n`-escaped line breaks as environment files often carry them) or base64 of the PKCS#8 DER
 * bytes, and checks that it is an Ed25519 key. Throws an Error whose message never contains key material.
 */
export function parseAuditSigningKey(configValue: string): KeyObject {
  const value = configValue.trim();
  let key: KeyObject;
  try {
    if (value.startsWith('-----BEGIN')) {
      key = createPrivateKey({ key: value.replace(/\\n/g, '\n'), format: 'pem' });
    } else {
      const compact = value.replace(/\s+/g, '');
      if (!BASE64.test(compact)) throw new Error('not base64');
      key = createPrivateKey({ key: Buffer.from(compact, 'base64'), format: 'der', type: 'pkcs8' });
    }
  } catch {
    throw new Error('is not a readable private key (expected PEM or base64 PKCS#8 DER of an Ed25519 key)');
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new Error(`must be an Ed25519 key, not ${key.asymmetricKeyType ?? 'an unknown type'}`);
  }
  return key;
}
