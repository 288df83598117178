import { RiskCategory, RiskTier } from '../engine/risk-context';
import { AssessmentItem, RiskAssessmentEntity } from './risk-assessment.entity';
import { RiskAssessmentService, summarise } from './risk-assessment.service';

const item = (category: RiskCategory, l: number, i: number, rl: number, ri: number): AssessmentItem => ({
  category,
  likelihood: l,
  impact: i,
  rationale: 'r',
  mitigation: '',
  residualLikelihood: rl,
  residualImpact: ri,
  source: 'ASSESSOR',
  justification: null,
  reasons: [],
});

describe(summarise.name, () => {
  it('takes the highest inherent and residual scores, and the tier from the residual band', () => {
    const sut = summarise([item(RiskCategory.MISUSE, 5, 5, 3, 4), item(RiskCategory.BIAS, 2, 2, 1, 1)]);
    expect(sut).toEqual({ inherentScore: 25, residualScore: 12, tier: RiskTier.HIGH });
  });

  it('gives nothing for an empty assessment', () => {
    expect(summarise([])).toEqual({ inherentScore: null, residualScore: null, tier: null });
  });
});

describe(RiskAssessmentService.name, () => {
  const sut = new RiskAssessmentService({} as never);

  it('names the categories an assessment still lacks', () => {
    const partial = { items: [item(RiskCategory.MISUSE, 1, 1, 1, 1)] } as RiskAssessmentEntity;
    expect(sut.missingCategories(partial)).toHaveLength(9);
    expect(sut.missingCategories(partial)).not.toContain(RiskCategory.MISUSE);
    expect(sut.missingCategories(null)).toEqual(Object.values(RiskCategory));
  });
});
