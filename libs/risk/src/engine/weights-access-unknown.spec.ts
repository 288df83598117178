import { HostingOption, ReleaseLevel, WeightsAccess } from '@app/catalog/openness';
import { closedModel, makeRequest, openModel, reasonOf } from './engine.test-support';
import { preAssess } from './pre-assessment';
import { RiskCategory } from './risk-context';

describe('WEIGHTS_ACCESS_UNKNOWN', () => {
  const unknownModel = openModel({
    releaseLevel: ReleaseLevel.UNKNOWN,
    weightsAccess: WeightsAccess.UNKNOWN,
    hostingOptions: [],
  });

  it('explains an UNKNOWN weights access in TRANSPARENCY, crediting no openness benefit', () => {
    const sut = preAssess(makeRequest({ deploymentMode: HostingOption.SELF_HOSTED }), unknownModel);
    expect(reasonOf(sut, RiskCategory.TRANSPARENCY, 'WEIGHTS_ACCESS_UNKNOWN')?.text).toMatch(
      /weights access is UNKNOWN.*record the release level/,
    );
    expect(reasonOf(sut, RiskCategory.TRANSPARENCY, 'OPEN_WEIGHTS_INSPECTABLE')).toBeUndefined();
    expect(reasonOf(sut, RiskCategory.TRANSPARENCY, 'CLOSED_WEIGHTS_OPAQUE')).toBeUndefined();
  });

  it('does not fire for known weights access', () => {
    for (const model of [openModel(), closedModel()]) {
      expect(reasonOf(preAssess(makeRequest(), model), RiskCategory.TRANSPARENCY, 'WEIGHTS_ACCESS_UNKNOWN')).toBe(
        undefined,
      );
    }
  });
});
