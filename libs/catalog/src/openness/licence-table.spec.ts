import { findKnownLicence, KNOWN_LICENCES, LLAMA_MONTHLY_ACTIVE_USERS } from './licence-table';
import { LicenseKind, ObligationKind } from './openness.types';

describe('KNOWN_LICENCES', () => {
  it('has unique keys, an https source and a kind other than UNKNOWN on every entry', () => {
    const keys = KNOWN_LICENCES.map((l) => l.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(KNOWN_LICENCES.filter((l) => !l.url.startsWith('https://')).map((l) => l.key)).toEqual([]);
    expect(KNOWN_LICENCES.filter((l) => l.kind === LicenseKind.UNKNOWN).map((l) => l.key)).toEqual([]);
  });

  it('gives a threshold to USER_THRESHOLD obligations only', () => {
    const obligations = KNOWN_LICENCES.flatMap((l) => l.obligations);
    expect(obligations.filter((o) => (o.kind === ObligationKind.USER_THRESHOLD) !== (o.threshold != null))).toEqual([]);
  });
});

describe(findKnownLicence.name, () => {
  // Names as the Model Openness Tool's records and model cards write them.
  it.each([
    ['Llama 2 Community License', 'llama-2'],
    ['Meta Llama 3 Community License Agreement', 'llama-3'],
    ['Llama 3 Community License', 'llama-3'],
    ['Llama 3.1 Community License Agreement', 'llama-3.1'],
    ['Llama 3.2 Community License', 'llama-3.2'],
    ['Llama 3.3 Community License Agreement', 'llama-3.3'],
    ['Llama 4 Community License Agreement', 'llama-4'],
    ['gemma', 'gemma'],
    ['Gemma Terms of Use', 'gemma'],
    ['Qwen License Agreement', 'qwen'],
    ['tongyi-qianwen', 'qwen'],
    ['Qwen RESEARCH LICENSE AGREEMENT', 'qwen-research'],
    ['BigScience-BLOOM-RAIL-1.0', 'bigscience-bloom-rail-1.0'],
    ['bigscience-bloom-rail-1.0', 'bigscience-bloom-rail-1.0'],
    ['BigScience RAIL License v1.0', 'bigscience-bloom-rail-1.0'],
    ['CreativeML OpenRAIL-M', 'creativeml-openrail-m'],
    ['bigscience-openrail-m', 'bigscience-openrail-m'],
    ['BigCode OpenRAIL-M v1 license agreement', 'bigcode-openrail-m'],
    ['OpenRAIL', 'openrail'],
    ['OpenRAIL-M', 'openrail'],
    ['CC-BY-NC-4.0', 'cc-by-nc-4.0'],
    ['CC-BY-NC-SA-4.0', 'cc-by-nc-sa-4.0'],
    ['cc-by-nc-nd-3.0', 'cc-by-nc-nd-3.0'],
    ['DeepSeek License Agreement', 'deepseek'],
    ['Falcon-180B TII License', 'falcon-180b-tii'],
    ['TII Falcon License 2.0', 'tii-falcon-2.0'],
    ['Mistral AI Research License (MRL-0.1)', 'mistral-research'],
    ['Databricks Open Model License', 'databricks-open-model'],
    ['apple-sample-code-license', 'apple-sample-code'],
    ['ChatGLM2-6B License', 'chatglm'],
  ])('%s -> %s', (name, key) => {
    expect(findKnownLicence(name)?.key).toBe(key);
  });

  it.each([['Apache-2.0'], ['MIT'], ['CC-BY-4.0'], ['Proprietary'], ['Other License'], [''], [null]])(
    '%j is not a known model licence',
    (name) => {
      expect(findKnownLicence(name)).toBeUndefined();
    },
  );

  it('gives the Llama licences the 700M monthly-active-user threshold, the acceptable-use policy and gating', () => {
    for (const name of ['Llama 2 Community License', 'Llama 3.1 Community License', 'Llama 4 Community License']) {
      const sut = findKnownLicence(name)!;
      expect(sut.gated).toBe(true);
      expect(sut.obligations).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: ObligationKind.USER_THRESHOLD, threshold: LLAMA_MONTHLY_ACTIVE_USERS }),
          expect.objectContaining({ kind: ObligationKind.ACCEPTABLE_USE_POLICY }),
        ]),
      );
    }
    expect(LLAMA_MONTHLY_ACTIVE_USERS).toBe(700_000_000);
  });

  it('types CC-BY-NC-4.0 as a standard non-OSI licence with non-commercial and attribution duties, not a community licence', () => {
    const sut = findKnownLicence('CC-BY-NC-4.0')!;
    expect(sut.kind).toBe(LicenseKind.STANDARD_NON_OSI);
    expect(sut.obligations.map((o) => o.kind)).toEqual([ObligationKind.NON_COMMERCIAL, ObligationKind.ATTRIBUTION]);
    expect(findKnownLicence('CC-BY-NC-SA-4.0')!.obligations.map((o) => o.kind)).toContain(ObligationKind.SHARE_ALIKE);
  });

  it('gates Gemma downloads but not OpenRAIL or Qwen ones', () => {
    expect(findKnownLicence('Gemma Terms of Use')!.gated).toBe(true);
    expect(findKnownLicence('OpenRAIL')!.gated).toBe(false);
    expect(findKnownLicence('Qwen License Agreement')!.gated).toBe(false);
  });
});
