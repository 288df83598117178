import { AiModelEntity, WeightsAccess } from '@app/catalog';
import { RiskAssessmentEntity, RiskCategory } from '@app/risk';
import { MARGINAL_RISK_STEPS, marginalRiskGaps } from './marginal-risk';

const model = (weightsAccess: WeightsAccess) => ({ weightsAccess }) as AiModelEntity;
const assessment = (likelihood: number, impact: number, marginalRisk: Record<string, string> | null = null) =>
  ({
    items: [{ category: RiskCategory.MISUSE, likelihood, impact }],
    marginalRisk,
  }) as unknown as RiskAssessmentEntity;

describe(marginalRiskGaps.name, () => {
  it.each([WeightsAccess.OPEN, WeightsAccess.GATED])('asks %s weights with HIGH misuse for every step', (access) => {
    expect(marginalRiskGaps(model(access), assessment(4, 3))).toEqual([...MARGINAL_RISK_STEPS]);
  });

  it.each([WeightsAccess.CLOSED, WeightsAccess.UNKNOWN])('does not ask %s weights', (access) => {
    expect(marginalRiskGaps(model(access), assessment(5, 5))).toEqual([]);
  });

  it('does not ask below HIGH misuse (score 9 is MEDIUM)', () => {
    expect(marginalRiskGaps(model(WeightsAccess.GATED), assessment(3, 3))).toEqual([]);
  });

  it('lists only the blank steps of a partial analysis', () => {
    const partial = { threat: 'disinformation', existingRisk: '  ', uncertainty: 'unknown reach' };
    expect(marginalRiskGaps(model(WeightsAccess.GATED), assessment(5, 4, partial))).toEqual([
      'existingRisk',
      'existingDefences',
      'marginalRiskEvidence',
      'easeOfDefence',
    ]);
  });
});
