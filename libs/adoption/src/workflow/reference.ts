/**
 * Human-facing request references, e.g. `AR-2026-0001`: the year the request was created and a sequence
 * number per organisation and year. The number is padded to four digits and simply grows past 9999
 * (`AR-2026-10000`), so references never wrap or collide.
 */

const PREFIX = 'AR';
const PATTERN = /^AR-(\d{4})-(\d{4,})$/;

/** The parts of a reference. */
export interface AdoptionReference {
  readonly year: number;
  readonly number: number;
}

/**
 * Formats a reference.
 * @example formatReference(2026, 1) // 'AR-2026-0001'
 * @throws RangeError unless `year` is a four-digit year and `n` a positive safe integer.
 */
export function formatReference(year: number, n: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new RangeError(`Reference year must have four digits, got ${year}`);
  }
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new RangeError(`Reference number must be a positive integer, got ${n}`);
  }
  return `${PREFIX}-${year}-${String(n).padStart(4, '0')}`;
}

/**
 * Reads a reference typed by a person (surrounding spaces and lower case are tolerated), or returns `null`
 * when it is not one. Only the canonical form `formatReference` produces is accepted, so each request has
 * exactly one reference: `AR-2026-00001` (padding beyond four digits) and `AR-2026-0000` are refused.
 */
export function parseReference(reference: string): AdoptionReference | null {
  const match = PATTERN.exec(reference.trim().toUpperCase());
  if (match === null) return null;
  const [, yearText, numberText] = match;
  const year = Number(yearText);
  const number = Number(numberText);
  if (year < 1000 || !Number.isSafeInteger(number) || number < 1) return null;
  if (numberText.length > 4 && numberText.startsWith('0')) return null;
  return { year, number };
}
