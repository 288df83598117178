import { ObligationKind } from '@app/catalog/openness';
import { gatedModel, makeRequest } from './engine.test-support';
import { RISK_RULES } from './pre-assessment';
import { RiskCategory } from './risk-context';
import { buildRuleContext, formatCount, missingLanguages, primarySubtag } from './risk-rule';

describe('RISK_RULES', () => {
  it('has unique SCREAMING_SNAKE codes', () => {
    const codes = RISK_RULES.map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/);
  });

  it('cites a source for every rule and uses known categories and effects', () => {
    for (const rule of RISK_RULES) {
      expect(rule.source.trim()).not.toBe('');
      expect(Object.values(RiskCategory)).toContain(rule.category);
      expect(['likelihood', 'impact']).toContain(rule.effect);
    }
  });

  it('covers every category with at least one rule', () => {
    const covered = new Set(RISK_RULES.map((r) => r.category));
    expect(Object.values(RiskCategory).filter((c) => !covered.has(c))).toEqual([]);
  });
});

describe(primarySubtag.name, () => {
  it.each([
    ['sw-KE', 'sw'],
    ['SW', 'sw'],
    ['zh-Hant-TW', 'zh'],
    [' fr_CD ', 'fr'],
  ])('%p -> %p', (tag, subtag) => {
    expect(primarySubtag(tag)).toBe(subtag);
  });
});

describe(missingLanguages.name, () => {
  it('compares by primary subtag, both ways', () => {
    expect(missingLanguages(['sw-KE', 'en'], ['sw', 'en-US'])).toEqual([]);
  });

  it('lists each missing subtag once, as requested', () => {
    expect(missingLanguages(['sw-KE', 'sw-TZ', 'am', 'en'], ['en'])).toEqual(['sw-KE', 'am']);
  });

  it('is empty when the model documents no languages (undocumented, not missing)', () => {
    expect(missingLanguages(['sw'], [])).toEqual([]);
  });
});

describe(formatCount.name, () => {
  it.each([
    [42, '42'],
    [250_000, '250K'],
    [1_500_000, '1.5M'],
    [700_000_000, '700M'],
    [900_000_000, '900M'],
    [1_200_000_000, '1.2B'],
  ])('%d -> %s', (n, text) => {
    expect(formatCount(n)).toBe(text);
  });
});

describe(buildRuleContext.name, () => {
  it('takes the lowest user threshold and ignores thresholds that are missing', () => {
    const model = gatedModel({
      obligations: [
        { kind: ObligationKind.USER_THRESHOLD, threshold: 700_000_000 },
        { kind: ObligationKind.USER_THRESHOLD, threshold: 100_000_000 },
        { kind: ObligationKind.USER_THRESHOLD, threshold: null },
      ],
    });
    expect(buildRuleContext(makeRequest(), model).userThreshold).toBe(100_000_000);
  });

  it('has no threshold without a USER_THRESHOLD obligation', () => {
    expect(buildRuleContext(makeRequest(), gatedModel({ obligations: [] })).userThreshold).toBeNull();
  });
});
