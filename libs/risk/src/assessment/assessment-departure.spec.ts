import { ValidationError } from '@app/core';
import { RiskCategory } from '../engine/risk-context';
import { departureMessage, departuresFromAuto } from './assessment-departure';
import { AssessmentItem, RiskAssessmentEntity } from './risk-assessment.entity';
import { RiskAssessmentService } from './risk-assessment.service';

const scored = (likelihood: number, impact: number, residualLikelihood: number, residualImpact: number) => ({
  likelihood,
  impact,
  residualLikelihood,
  residualImpact,
});

describe(departuresFromAuto.name, () => {
  const automatic = scored(3, 5, 3, 4);

  it.each([
    ['nothing when every value is the automatic one', scored(3, 5, 3, 4), []],
    ['the residual values alone', scored(3, 5, 2, 1), ['residualLikelihood 2/3', 'residualImpact 1/4']],
    ['an inherent value alone', scored(3, 4, 3, 4), ['impact 4/5']],
    [
      'every value, inherent first',
      scored(2, 4, 1, 1),
      ['likelihood 2/3', 'impact 4/5', 'residualLikelihood 1/3', 'residualImpact 1/4'],
    ],
  ])('finds %s', (_case, sent, expected) => {
    const sut = departuresFromAuto(automatic, sent).map((d) => `${d.field} ${d.sent}/${d.automatic}`);
    expect(sut).toEqual(expected);
  });
});

describe(departureMessage.name, () => {
  const automatic = scored(3, 5, 3, 4);

  it.each([
    [
      'only the residual values differ: it names them, not the inherent values the user kept',
      scored(3, 5, 2, 1),
      'DATA_PROTECTION differs from the automatic assessment in residual likelihood (sent 2, automatic 3) and ' +
        'residual impact (sent 1, automatic 4): say why in justification',
    ],
    [
      'one inherent value differs',
      scored(3, 4, 3, 4),
      'DATA_PROTECTION differs from the automatic assessment in impact (sent 4, automatic 5): say why in justification',
    ],
    [
      'three values differ',
      scored(2, 5, 2, 3),
      'DATA_PROTECTION differs from the automatic assessment in likelihood (sent 2, automatic 3), residual ' +
        'likelihood (sent 2, automatic 3) and residual impact (sent 3, automatic 4): say why in justification',
    ],
  ])('when %s', (_case, sent, expected) => {
    expect(departureMessage('DATA_PROTECTION', departuresFromAuto(automatic, sent))).toBe(expected);
  });
});

describe(`${RiskAssessmentService.name}.save`, () => {
  const auto: AssessmentItem = {
    category: RiskCategory.DATA_PROTECTION,
    ...scored(3, 5, 3, 4),
    rationale: 'automatic',
    mitigation: '',
    source: 'AUTO',
    justification: null,
    reasons: [],
  };
  const assessment = {
    items: [auto],
    autoItems: [auto],
    assessorIds: [],
    version: 1,
  } as unknown as RiskAssessmentEntity;
  // The refusal comes before any write: a database is not needed to reach it.
  const sut = new RiskAssessmentService({} as never);

  it('refuses residual values changed without a justification, quoting those values, sent and automatic', async () => {
    const result = await sut.save({} as never, assessment, 'assessor', {
      items: [{ category: RiskCategory.DATA_PROTECTION, ...scored(3, 5, 2, 1), rationale: 'mitigated' }],
    } as never);
    expect(result).toBeInstanceOf(ValidationError);
    expect((result as ValidationError).fieldErrors).toEqual([
      {
        field: 'input.items[0].justification',
        message:
          'DATA_PROTECTION differs from the automatic assessment in residual likelihood (sent 2, automatic 3) and ' +
          'residual impact (sent 1, automatic 4): say why in justification',
      },
    ]);
  });
});
