import { closedModel, makeRequest, openModel } from './engine.test-support';
import { AiActRole, organisationRole, screenEuAiAct } from './eu-ai-act';
import { EuAiActClass, IntendedAdaptation, Sector } from './risk-context';

const gpai = { gpai: true, systemicRisk: null, openSourceExemption: false };
const minimal = { euAiActClass: EuAiActClass.MINIMAL };

describe(organisationRole.name, () => {
  it('is DEPLOYER, without warnings, when the organisation does not fine-tune', () => {
    const sut = organisationRole(makeRequest({ publicFacing: true }), minimal, gpai);
    expect(sut).toEqual({ role: AiActRole.DEPLOYER, reasons: [expect.stringContaining('Art. 3(4)')], warnings: [] });
  });

  it('is DEPLOYER when it fine-tunes for its own use, and says what would change that', () => {
    const sut = organisationRole(
      makeRequest({ intendedAdaptation: IntendedAdaptation.FINE_TUNING, publicFacing: false }),
      minimal,
      gpai,
    );
    expect(sut.role).toBe(AiActRole.DEPLOYER);
    expect(sut.warnings).toEqual([]);
    expect(sut.reasons.join(' ')).toContain('would make the organisation its provider');
  });

  it.each([
    ['the system is public-facing', { publicFacing: true, useCase: 'Answer farmers’ questions' }, 'publicFacing'],
    [
      'the use case says it publishes the model',
      { publicFacing: false, useCase: 'Fine-tune on Swahili health texts and publish the model on Hugging Face' },
      'publish the model',
    ],
    [
      'the use case says it offers the tool to partners',
      { publicFacing: false, useCase: 'Offer the tuned assistant to partner organisations' },
      'offer the tuned assistant to partner organisations',
    ],
  ])('warns that it may become PROVIDER when it fine-tunes and %s', (_case, facts, evidence) => {
    const sut = organisationRole(
      makeRequest({ intendedAdaptation: IntendedAdaptation.FINE_TUNING, ...facts }),
      minimal,
      gpai,
    );
    expect(sut.role).toBe(AiActRole.PROVIDER);
    expect(sut.reasons[0]).toContain(evidence);
    expect(sut.warnings.map((w) => w.text).join(' ')).toContain('more than a third of the compute');
    expect(sut.warnings.flatMap((w) => w.sources).join(' ')).toContain('C(2025) 5045');
  });

  it('does not read "provide the model with context" as handing the model on', () => {
    const sut = organisationRole(
      makeRequest({
        intendedAdaptation: IntendedAdaptation.FINE_TUNING,
        publicFacing: false,
        useCase: 'Provide the model with our clinical guidelines as context',
      }),
      minimal,
      gpai,
    );
    expect(sut.role).toBe(AiActRole.DEPLOYER);
  });

  it('cites Art. 25(1) for a high-risk use, and not for a minimal one', () => {
    const request = makeRequest({ intendedAdaptation: IntendedAdaptation.FINE_TUNING, publicFacing: true });
    const high = organisationRole(request, { euAiActClass: EuAiActClass.HIGH }, gpai);
    const low = organisationRole(request, minimal, gpai);
    expect(high.warnings.some((w) => w.text.includes('Art. 25(1)(a)-(c)'))).toBe(true);
    expect(low.warnings.some((w) => w.text.includes('Art. 25(1)'))).toBe(false);
  });

  it('gives no GPAI modification warning for a model that is not general-purpose', () => {
    const request = makeRequest({ intendedAdaptation: IntendedAdaptation.FINE_TUNING, publicFacing: true });
    const sut = organisationRole(request, minimal, { ...gpai, gpai: false });
    expect(sut.warnings.map((w) => w.text).join(' ')).not.toContain('a third of the compute');
  });

  it('mentions the Art. 55 duties when the original model carries systemic risk', () => {
    const request = makeRequest({ intendedAdaptation: IntendedAdaptation.FINE_TUNING, publicFacing: true });
    const sut = organisationRole(request, minimal, { ...gpai, systemicRisk: true });
    expect(sut.warnings.map((w) => w.text).join(' ')).toContain('Art. 55');
  });
});

describe(screenEuAiAct.name, () => {
  it('puts the class, provisions, GPAI status and role of a request and model together', () => {
    const request = makeRequest({
      useCase: 'Personalised learning paths for pupils, offering the tuned tool to partner schools',
      sector: Sector.EDUCATION,
      intendedAdaptation: IntendedAdaptation.FINE_TUNING,
      publicFacing: false,
    });
    const sut = screenEuAiAct(request, openModel({ modalities: ['text'], trainingComputeFlops: 1e24 }));
    expect(sut.euAiActClass).toBe(EuAiActClass.HIGH);
    expect(sut.provisions[0]).toMatchObject({ reference: 'Annex III 3(b)' });
    expect(sut.gpai).toMatchObject({ gpai: true, systemicRisk: false, openSourceExemption: true });
    expect(sut.role.role).toBe(AiActRole.PROVIDER);
    expect(sut.role.warnings.map((w) => w.text).join(' ')).toContain('Art. 53(2) and 54(6) exemptions');
  });

  it('is deterministic', () => {
    const request = makeRequest({ useCase: 'Chatbot for parents' });
    expect(screenEuAiAct(request, closedModel())).toEqual(screenEuAiAct(request, closedModel()));
  });
});
