/**
 * Scores, bands, tiers, quorums and approval validity (ARCHITECTURE.md sections 3 and 4).
 * A score is likelihood x impact on 1-5 scales, the usual risk-matrix form (ISO 31000 style 5x5 matrix).
 */
import { RiskTier } from './risk-context';

/** Lowest and highest value of a likelihood or an impact. */
export const SCALE_MIN = 1;
export const SCALE_MAX = 5;

/** Tiers from lowest to highest. */
export const RISK_TIER_ORDER: readonly RiskTier[] = [RiskTier.LOW, RiskTier.MEDIUM, RiskTier.HIGH, RiskTier.CRITICAL];

/** Distinct approving approvers needed to approve a request of a tier (ARCHITECTURE.md section 3). */
export const QUORUM_BY_TIER: Readonly<Record<RiskTier, number>> = {
  [RiskTier.LOW]: 1,
  [RiskTier.MEDIUM]: 1,
  [RiskTier.HIGH]: 2,
  [RiskTier.CRITICAL]: 3,
};

/** Months an approval stays valid, by tier: riskier adoptions are re-examined sooner (ARCHITECTURE.md section 3). */
export const APPROVAL_VALIDITY_MONTHS: Readonly<Record<RiskTier, number>> = {
  [RiskTier.LOW]: 24,
  [RiskTier.MEDIUM]: 12,
  [RiskTier.HIGH]: 6,
  [RiskTier.CRITICAL]: 3,
};

/** A likelihood and an impact, each an integer 1-5 (inherent or residual). */
export interface LikelihoodImpact {
  likelihood: number;
  impact: number;
}

function assertScaleValue(name: string, value: number): void {
  if (!Number.isInteger(value) || value < SCALE_MIN || value > SCALE_MAX) {
    throw new RangeError(`${name} must be an integer from ${SCALE_MIN} to ${SCALE_MAX}, got ${value}`);
  }
}

/** Clamps a raw value to the 1-5 scale. */
export function clampToScale(value: number): number {
  return Math.min(SCALE_MAX, Math.max(SCALE_MIN, value));
}

/** likelihood x impact; throws RangeError unless both are integers 1-5. Example: `riskScore(4, 5) === 20`. */
export function riskScore(likelihood: number, impact: number): number {
  assertScaleValue('likelihood', likelihood);
  assertScaleValue('impact', impact);
  return likelihood * impact;
}

/**
 * The band of a score: 1-4 LOW, 5-9 MEDIUM, 10-16 HIGH, 20-25 CRITICAL (ARCHITECTURE.md section 4). No product of
 * two values 1-5 falls in 17-19; the thresholds (>= 20 CRITICAL, >= 10 HIGH, >= 5 MEDIUM) keep the function
 * total over 1-25, so those scores would read HIGH. Throws RangeError outside 1-25 or for a non-integer.
 */
export function bandOf(score: number): RiskTier {
  if (!Number.isInteger(score) || score < 1 || score > SCALE_MAX * SCALE_MAX) {
    throw new RangeError(`score must be an integer from 1 to ${SCALE_MAX * SCALE_MAX}, got ${score}`);
  }
  if (score >= 20) return RiskTier.CRITICAL;
  if (score >= 10) return RiskTier.HIGH;
  if (score >= 5) return RiskTier.MEDIUM;
  return RiskTier.LOW;
}

/** Position of a tier in {@link RISK_TIER_ORDER} (LOW 0 ... CRITICAL 3). */
export function tierRank(tier: RiskTier): number {
  return RISK_TIER_ORDER.indexOf(tier);
}

/** The highest of the tiers given; LOW when none is given (LOW is the identity of "max"). */
export function maxTier(...tiers: RiskTier[]): RiskTier {
  return tiers.reduce((high, tier) => (tierRank(tier) > tierRank(high) ? tier : high), RiskTier.LOW);
}

/**
 * The tier of a request: the highest band among the items' (residual) scores, raised to any MIN_TIER floor
 * from policy findings (ARCHITECTURE.md section 4). A floor never lowers the tier. With no items, the floor alone
 * (or LOW).
 */
export function tierOf(
  items: ReadonlyArray<LikelihoodImpact>,
  minTier?: RiskTier | readonly RiskTier[] | null,
): RiskTier {
  const floors: RiskTier[] = minTier == null ? [] : Array.isArray(minTier) ? [...minTier] : [minTier as RiskTier];
  const bands = items.map((item) => bandOf(riskScore(item.likelihood, item.impact)));
  return maxTier(...bands, ...floors);
}

/**
 * A tier by its name: the enum's values, or the same names as plain strings (as the approval rules and
 * stored rows carry them).
 */
export type RiskTierName = RiskTier | `${RiskTier}`;

/**
 * Distinct approving approvers needed for a tier: LOW/MEDIUM 1, HIGH 2, CRITICAL 3.
 *
 * @throws RangeError for a tier outside {@link RiskTier}.
 */
export function quorumFor(tier: RiskTierName): number {
  return perTier(QUORUM_BY_TIER, tier);
}

/**
 * When an approval decided at `decidedAt` expires: `decidedAt` plus the tier's validity in calendar months,
 * computed in UTC, keeping the time of day, with the day of month clamped to the target month's last day
 * (31 Aug 2027 + 6 months = 29 Feb 2028; 31 Aug 2026 + 6 months = 28 Feb 2027), so an approval is never
 * extended into the following month.
 *
 * @throws RangeError for an invalid date or a tier outside {@link RiskTier}.
 */
export function approvalExpiry(decidedAt: Date, tier: RiskTierName): Date {
  if (Number.isNaN(decidedAt.getTime())) throw new RangeError('decidedAt is an invalid date');
  return addCalendarMonthsUtc(decidedAt, perTier(APPROVAL_VALIDITY_MONTHS, tier));
}

/**
 * Adds (or, when negative, subtracts) whole calendar months in UTC, keeping the time of day and clamping
 * the day of month at the end of the target month (31 Mar - 1 month = 28 Feb). The input is not changed.
 *
 * @throws RangeError for an invalid date or a fractional number of months.
 */
export function addCalendarMonthsUtc(date: Date, months: number): Date {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new RangeError('Invalid date');
  if (!Number.isInteger(months)) throw new RangeError(`Months must be a whole number, got ${months}`);
  const monthIndex = date.getUTCFullYear() * 12 + date.getUTCMonth() + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  // Day 0 of the next month is the last day of this one.
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const result = new Date(date.getTime());
  result.setUTCFullYear(year, month, Math.min(date.getUTCDate(), lastDay));
  return result;
}

function perTier(table: Readonly<Record<RiskTier, number>>, tier: RiskTierName): number {
  const value = Object.prototype.hasOwnProperty.call(table, tier) ? table[tier as RiskTier] : undefined;
  if (value === undefined) throw new RangeError(`Unknown risk tier: ${String(tier)}`);
  return value;
}
