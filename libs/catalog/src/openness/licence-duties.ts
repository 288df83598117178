import { LicenseKind, type LicenseObligation, ObligationKind } from './openness.types';

/**
 * A model licence the catalog knows by name: its kind, the duties it puts on the adopter and whether
 * downloads of weights under it are gated (the producer's Hugging Face repositories ask the downloader to
 * accept the terms, or to wait for approval, first).
 */
export interface KnownLicence {
  /** Stable key, e.g. `llama-3.1`. */
  key: string;
  /** The licence's own name. */
  name: string;
  /** Matches the name as records, model cards and policy admins write it (case-insensitive). */
  pattern: RegExp;
  kind: LicenseKind;
  obligations: readonly LicenseObligation[];
  gated: boolean;
  /** The licence text (or the producer's page for it): where every fact of the entry can be checked. */
  url: string;
}

/** A licence duty with a user threshold. */
export const threshold = (users: number, text: string): LicenseObligation => ({
  kind: ObligationKind.USER_THRESHOLD,
  threshold: users,
  text,
});
/** A licence duty of a kind. */
export const duty = (kind: ObligationKind, text: string): LicenseObligation => ({ kind, text });
