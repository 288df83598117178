import fc from 'fast-check';
import {
  FineTuningAvailability,
  HostingOption,
  LicenseKind,
  MofClass,
  ObligationKind,
  ReleaseLevel,
  TrainingDataOpenness,
  WeightsAccess,
} from '@app/catalog/openness';
import { BASELINE_ONLY, preAssess } from './pre-assessment';
import {
  DataSensitivity,
  IntendedAdaptation,
  type ModelFacts,
  type RequestFacts,
  RiskCategory,
  Sector,
} from './risk-context';

const values = <T extends Record<string, string>>(e: T) => fc.constantFrom(...(Object.values(e) as Array<T[keyof T]>));
const LANGUAGES = ['en', 'fr', 'sw', 'sw-KE', 'am', 'ha', 'ar', 'pt-BR', 'so', 'prs'];

const requests: fc.Arbitrary<RequestFacts> = fc.record({
  sector: values(Sector),
  deploymentMode: values(HostingOption),
  dataSensitivity: values(DataSensitivity),
  intendedAdaptation: values(IntendedAdaptation),
  languages: fc.uniqueArray(fc.constantFrom(...LANGUAGES), { maxLength: 5 }),
  affectedPopulation: fc.string({ maxLength: 40 }),
  expectedUsers: fc.oneof(fc.nat(2_000), fc.nat(2_000_000_000)),
  useCase: fc.string({ maxLength: 40 }),
  publicFacing: fc.option(fc.boolean(), { nil: undefined }),
  organisationMonthlyActiveUsers: fc.option(fc.nat(2_000_000_000), { nil: undefined }),
});

const models: fc.Arbitrary<ModelFacts> = fc.record({
  name: fc.constant('Model'),
  producer: fc.constant('Producer'),
  family: fc.option(fc.constant('Family'), { nil: null }),
  releaseLevel: values(ReleaseLevel),
  weightsAccess: values(WeightsAccess),
  licenseName: fc.constantFrom('Apache-2.0', 'Llama 3.1 Community License', 'Terms of Service', ''),
  licenseKind: values(LicenseKind),
  obligations: fc.array(
    fc.record({
      kind: values(ObligationKind),
      threshold: fc.option(fc.constantFrom(1_000, 700_000_000), { nil: undefined }),
      text: fc.option(fc.constantFrom('no medical advice', ' '), { nil: undefined }),
    }),
    { maxLength: 4 },
  ),
  hostingOptions: fc.uniqueArray(values(HostingOption), { maxLength: 3 }),
  languages: fc.uniqueArray(fc.constantFrom(...LANGUAGES), { maxLength: 6 }),
  fineTuning: fc.uniqueArray(values(FineTuningAvailability), { maxLength: 3 }),
  trainingDataOpenness: values(TrainingDataOpenness),
  mofClass: values(MofClass),
  parameterCount: fc.option(fc.constantFrom(1e9, 8e9, 30e9, 70e9, 405e9), { nil: null }),
  familyAlternatives: fc.array(
    fc.record({
      name: fc.constantFrom('Sibling A', 'Sibling B'),
      weightsAccess: values(WeightsAccess),
      hostingOptions: fc.uniqueArray(values(HostingOption), { maxLength: 3 }),
    }),
    { maxLength: 3 },
  ),
});

describe('every item explains itself', () => {
  it('carries at least one reason with a code and a text, for any request and model', () => {
    fc.assert(
      fc.property(requests, models, (request, model) => {
        const { items } = preAssess(request, model);
        expect(items.map((i) => i.category)).toEqual(Object.values(RiskCategory));
        for (const item of items) {
          expect(item.reasons.length).toBeGreaterThan(0);
          for (const reason of item.reasons) {
            expect(reason.code).toMatch(/^[A-Z][A-Z0-9_]*$/);
            expect(reason.text.trim()).not.toBe('');
            expect(reason.text).not.toMatch(/undefined|null|NaN/);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('uses the baseline reason only where nothing else applies, and then sits at the baseline', () => {
    fc.assert(
      fc.property(requests, models, (request, model) => {
        for (const item of preAssess(request, model).items) {
          const codes = item.reasons.map((r) => r.code);
          if (!codes.includes(BASELINE_ONLY)) continue;
          expect(codes).toEqual([BASELINE_ONLY]);
          expect([item.likelihood, item.impact]).toEqual([item.baseline.likelihood, item.baseline.impact]);
        }
      }),
      { numRuns: 200 },
    );
  });
});
