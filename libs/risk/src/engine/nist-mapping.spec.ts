import { NIST_AI_600_1_RISKS, NIST_MAPPING, nistCategoryOf } from './nist-mapping';
import { RiskCategory } from './risk-context';

describe(nistCategoryOf.name, () => {
  it('lists the twelve NIST AI 600-1 risks, each once', () => {
    expect(NIST_AI_600_1_RISKS).toHaveLength(12);
    expect(new Set(NIST_AI_600_1_RISKS).size).toBe(12);
  });

  it.each(Object.values(RiskCategory))('maps %s to one of the twelve risks, related ones too', (category) => {
    const mapping = NIST_MAPPING[category];
    expect(NIST_AI_600_1_RISKS).toContain(nistCategoryOf(category));
    for (const related of mapping.related) expect(NIST_AI_600_1_RISKS).toContain(related);
    expect(mapping.related).not.toContain(mapping.nistCategory);
    expect(mapping.rationale.length).toBeGreaterThan(0);
  });

  it.each([
    [RiskCategory.PROVIDER_DEPENDENCY, 'Value Chain and Component Integration'],
    [RiskCategory.LICENSE_COMPLIANCE, 'Intellectual Property'],
    [RiskCategory.LOCAL_FIT, 'Harmful Bias or Homogenization'],
    [RiskCategory.SUSTAINABILITY_COST, 'Environmental Impacts'],
    [RiskCategory.DATA_PROTECTION, 'Data Privacy'],
    [RiskCategory.CONFABULATION, 'Confabulation'],
    [RiskCategory.BIAS, 'Harmful Bias or Homogenization'],
    [RiskCategory.INFORMATION_SECURITY, 'Information Security'],
  ])('%s -> %s', (category, nist) => {
    expect(nistCategoryOf(category)).toBe(nist);
  });

  it('relates LOCAL_FIT to Human-AI Configuration', () => {
    expect(NIST_MAPPING[RiskCategory.LOCAL_FIT].related).toContain('Human-AI Configuration');
  });
});
