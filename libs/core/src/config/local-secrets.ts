import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Returns the secret kept in `file`, creating it from `make()` on first use: readable by its owner only
 * (mode 0600), written whole before it becomes visible (a temporary file hard-linked into place), so two
 * processes starting together agree on one secret. A file others may read is refused rather than used.
 */
export function readOrCreateSecret(file: string, make: () => string): string {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const existing = readSecret(file);
  if (existing !== null) return existing;
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temporary, make(), { mode: 0o600, flag: 'wx' });
  try {
    chmodSync(temporary, 0o600); // whatever the umask
    linkSync(temporary, file);
  } catch (error) {
    // Another process linked its secret first: use that one.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temporary);
  }
  const created = readSecret(file);
  if (created === null) throw new Error(`${file} could not be created`);
  return created;
}

function readSecret(file: string): string | null {
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new Error(`${file} may be read by other users (mode ${(mode & 0o777).toString(8)}): chmod 600 it`);
  }
  const value = readFileSync(file, 'utf8').trim();
  if (!value) throw new Error(`${file} is empty: delete it to have a new secret generated`);
  return value;
}
