import { RiskTier } from './risk-context';
import {
  addCalendarMonthsUtc,
  approvalExpiry,
  bandOf,
  clampToScale,
  maxTier,
  quorumFor,
  riskScore,
  RiskTierName,
  tierOf,
  tierRank,
} from './scoring';

describe(riskScore.name, () => {
  it.each([
    [1, 1, 1],
    [2, 3, 6],
    [4, 5, 20],
    [5, 5, 25],
  ])('%d x %d = %d', (likelihood, impact, score) => {
    expect(riskScore(likelihood, impact)).toBe(score);
  });

  it.each([
    [0, 3],
    [6, 3],
    [3, 0],
    [3, 6],
    [2.5, 3],
    [Number.NaN, 3],
  ])('refuses likelihood %p, impact %p', (likelihood, impact) => {
    expect(() => riskScore(likelihood, impact)).toThrow(RangeError);
  });
});

describe(clampToScale.name, () => {
  it.each([
    [-3, 1],
    [0, 1],
    [1, 1],
    [3, 3],
    [5, 5],
    [9, 5],
  ])('%d -> %d', (raw, clamped) => {
    expect(clampToScale(raw)).toBe(clamped);
  });
});

describe(bandOf.name, () => {
  it.each([
    [1, RiskTier.LOW],
    [4, RiskTier.LOW],
    [5, RiskTier.MEDIUM],
    [9, RiskTier.MEDIUM],
    [10, RiskTier.HIGH],
    [16, RiskTier.HIGH],
    [20, RiskTier.CRITICAL],
    [25, RiskTier.CRITICAL],
  ])('score %d is %s', (score, tier) => {
    expect(bandOf(score)).toBe(tier);
  });

  it('no product of two 1-5 values falls in 17-19', () => {
    const products = new Set<number>();
    for (let l = 1; l <= 5; l++) for (let i = 1; i <= 5; i++) products.add(riskScore(l, i));
    expect([17, 18, 19].filter((s) => products.has(s))).toEqual([]);
  });

  it('reads the impossible 17-19 as HIGH, so the function is total over 1-25', () => {
    expect([17, 18, 19].map(bandOf)).toEqual([RiskTier.HIGH, RiskTier.HIGH, RiskTier.HIGH]);
  });

  it.each([[0], [26], [-1], [4.5]])('refuses score %p', (score) => {
    expect(() => bandOf(score)).toThrow(RangeError);
  });
});

describe(maxTier.name, () => {
  it('returns the highest tier given', () => {
    expect(maxTier(RiskTier.MEDIUM, RiskTier.CRITICAL, RiskTier.LOW)).toBe(RiskTier.CRITICAL);
    expect(maxTier(RiskTier.HIGH, RiskTier.MEDIUM)).toBe(RiskTier.HIGH);
  });

  it('is LOW for no tiers', () => {
    expect(maxTier()).toBe(RiskTier.LOW);
  });

  it('orders the tiers LOW < MEDIUM < HIGH < CRITICAL', () => {
    expect([RiskTier.LOW, RiskTier.MEDIUM, RiskTier.HIGH, RiskTier.CRITICAL].map(tierRank)).toEqual([0, 1, 2, 3]);
  });
});

describe(tierOf.name, () => {
  const low = { likelihood: 2, impact: 2 };
  const medium = { likelihood: 3, impact: 3 };
  const high = { likelihood: 4, impact: 4 };
  const critical = { likelihood: 4, impact: 5 };

  it('is the highest band among the items', () => {
    expect(tierOf([low, medium])).toBe(RiskTier.MEDIUM);
    expect(tierOf([low, high, medium])).toBe(RiskTier.HIGH);
    expect(tierOf([critical, low])).toBe(RiskTier.CRITICAL);
  });

  it('is raised to a MIN_TIER floor', () => {
    expect(tierOf([low], RiskTier.HIGH)).toBe(RiskTier.HIGH);
  });

  it('is raised to the highest of several floors', () => {
    expect(tierOf([low], [RiskTier.MEDIUM, RiskTier.CRITICAL])).toBe(RiskTier.CRITICAL);
  });

  it('is never lowered by a floor', () => {
    expect(tierOf([high], RiskTier.LOW)).toBe(RiskTier.HIGH);
  });

  it('is the floor alone, or LOW, with no items', () => {
    expect(tierOf([])).toBe(RiskTier.LOW);
    expect(tierOf([], RiskTier.MEDIUM)).toBe(RiskTier.MEDIUM);
    expect(tierOf([low], null)).toBe(RiskTier.LOW);
  });

  it('refuses an item outside the scale', () => {
    expect(() => tierOf([{ likelihood: 6, impact: 1 }])).toThrow(RangeError);
  });
});

describe(quorumFor.name, () => {
  it.each([
    [RiskTier.LOW, 1],
    [RiskTier.MEDIUM, 1],
    [RiskTier.HIGH, 2],
    [RiskTier.CRITICAL, 3],
  ])('%s needs %d approvers', (tier, quorum) => {
    expect(quorumFor(tier)).toBe(quorum);
  });

  it('takes the tier by name as well, and refuses a tier it does not know', () => {
    expect(quorumFor('HIGH')).toBe(2);
    expect(() => quorumFor('EXTREME' as RiskTierName)).toThrow(RangeError);
    expect(() => quorumFor('toString' as RiskTierName)).toThrow(RangeError);
  });
});

describe(approvalExpiry.name, () => {
  const at = (iso: string) => new Date(iso);

  it.each([
    ['2026-03-15T10:30:00.000Z', RiskTier.LOW, '2028-03-15T10:30:00.000Z'],
    ['2026-03-15T10:30:00.000Z', RiskTier.MEDIUM, '2027-03-15T10:30:00.000Z'],
    ['2026-03-15T10:30:00.000Z', RiskTier.HIGH, '2026-09-15T10:30:00.000Z'],
    ['2026-03-15T10:30:00.000Z', RiskTier.CRITICAL, '2026-06-15T10:30:00.000Z'],
  ])('%s + validity of %s = %s', (decided, tier, expected) => {
    expect(approvalExpiry(at(decided), tier).toISOString()).toBe(expected);
  });

  it.each([
    ['31 Aug + 6 months, non-leap February', '2026-08-31T12:00:00.000Z', RiskTier.HIGH, '2027-02-28T12:00:00.000Z'],
    ['31 Aug + 6 months, leap February', '2027-08-31T12:00:00.000Z', RiskTier.HIGH, '2028-02-29T12:00:00.000Z'],
    ['29 Feb + 24 months, non-leap year', '2028-02-29T00:00:00.000Z', RiskTier.LOW, '2030-02-28T00:00:00.000Z'],
    ['29 Feb + 12 months', '2028-02-29T08:00:00.000Z', RiskTier.MEDIUM, '2029-02-28T08:00:00.000Z'],
    ['31 Jan + 3 months (30-day April)', '2026-01-31T09:00:00.000Z', RiskTier.CRITICAL, '2026-04-30T09:00:00.000Z'],
    ['30 Nov + 3 months, across the year', '2026-11-30T23:59:59.999Z', RiskTier.CRITICAL, '2027-02-28T23:59:59.999Z'],
    ['31 Dec + 6 months', '2026-12-31T00:00:00.000Z', RiskTier.HIGH, '2027-06-30T00:00:00.000Z'],
  ])('clamps the day of month: %s', (_label, decided, tier, expected) => {
    expect(approvalExpiry(at(decided), tier).toISOString()).toBe(expected);
  });

  it('counts in UTC whatever the local offset of the input', () => {
    // 23:30 on 31 Aug at UTC-05:00 is 04:30 UTC on 1 Sep: six months on is 1 Mar, not the end of February.
    expect(approvalExpiry(at('2026-08-31T23:30:00-05:00'), RiskTier.HIGH).toISOString()).toBe(
      '2027-03-01T04:30:00.000Z',
    );
  });

  it('does not change the date it is given', () => {
    const decided = at('2026-08-31T12:00:00.000Z');
    approvalExpiry(decided, RiskTier.HIGH);
    expect(decided.toISOString()).toBe('2026-08-31T12:00:00.000Z');
  });

  it('refuses an invalid date', () => {
    expect(() => approvalExpiry(new Date('not a date'), RiskTier.LOW)).toThrow(RangeError);
  });

  // The tier by name, as the approval rules pass it.
  it.each<[string, RiskTierName, string]>([
    ['2026-01-15T10:30:00.000Z', 'LOW', '2028-01-15T10:30:00.000Z'],
    ['2026-01-15T10:30:00.000Z', 'MEDIUM', '2027-01-15T10:30:00.000Z'],
    ['2026-01-15T10:30:00.000Z', 'HIGH', '2026-07-15T10:30:00.000Z'],
    ['2026-01-15T10:30:00.000Z', 'CRITICAL', '2026-04-15T10:30:00.000Z'],
    ['2026-08-31T12:00:00.000Z', 'HIGH', '2027-02-28T12:00:00.000Z'],
    ['2027-08-31T12:00:00.000Z', 'HIGH', '2028-02-29T12:00:00.000Z'],
    ['2026-11-30T00:00:00.000Z', 'CRITICAL', '2027-02-28T00:00:00.000Z'],
    ['2027-11-29T00:00:00.000Z', 'CRITICAL', '2028-02-29T00:00:00.000Z'],
    ['2028-02-29T09:00:00.000Z', 'LOW', '2030-02-28T09:00:00.000Z'],
    ['2028-02-29T09:00:00.000Z', 'MEDIUM', '2029-02-28T09:00:00.000Z'],
    ['2026-05-31T00:00:00.000Z', 'CRITICAL', '2026-08-31T00:00:00.000Z'],
    ['2026-03-31T00:00:00.000Z', 'HIGH', '2026-09-30T00:00:00.000Z'],
    ['2026-12-31T23:59:59.999Z', 'CRITICAL', '2027-03-31T23:59:59.999Z'],
    ['2099-08-31T00:00:00.000Z', 'HIGH', '2100-02-28T00:00:00.000Z'],
    ['2399-08-31T00:00:00.000Z', 'HIGH', '2400-02-29T00:00:00.000Z'],
  ])('decided %s at %s: expires %s', (decidedAt, tier, expected) => {
    expect(approvalExpiry(new Date(decidedAt), tier).toISOString()).toBe(expected);
  });

  it('counts in UTC whatever the hour, and leaves its input alone', () => {
    const decidedAt = new Date('2026-01-31T23:30:00.000Z');
    expect(approvalExpiry(decidedAt, 'CRITICAL').toISOString()).toBe('2026-04-30T23:30:00.000Z');
    expect(decidedAt.toISOString()).toBe('2026-01-31T23:30:00.000Z');
  });

  it('refuses an invalid date or tier given by name', () => {
    expect(() => approvalExpiry(new Date('nope'), 'LOW')).toThrow(RangeError);
    expect(() => approvalExpiry(new Date(), 'NONE' as RiskTierName)).toThrow(RangeError);
  });
});

describe(addCalendarMonthsUtc.name, () => {
  it('goes backwards too, clamping the same way', () => {
    expect(addCalendarMonthsUtc(new Date('2026-03-31T00:00:00Z'), -1).toISOString()).toBe('2026-02-28T00:00:00.000Z');
    expect(addCalendarMonthsUtc(new Date('2026-01-15T00:00:00Z'), -13).toISOString()).toBe('2024-12-15T00:00:00.000Z');
  });

  it('refuses fractions of a month and invalid dates', () => {
    expect(() => addCalendarMonthsUtc(new Date(), 1.5)).toThrow(RangeError);
    expect(() => addCalendarMonthsUtc(new Date('nope'), 1)).toThrow(RangeError);
  });
});
