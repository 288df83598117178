import { HostingOption } from '../openness/openness.types';
import { residencyProblem, withinJurisdictions } from '../openness/jurisdictions';
import { servingMemory } from './serving-memory';
import { vendorOfferings, vendorRegionProblems } from './vendor-regions';

describe(servingMemory.name, () => {
  it.each([
    [8_000_000_000, 19.2, 4.8],
    [176_247_271_424, 423, 105.7],
    [3_800_000_000, 9.1, 2.3],
  ])('%d parameters need %d GB at 16-bit and %d GB at 4-bit (20%% overhead)', (params, sixteen, four) => {
    expect(servingMemory(params)).toMatchObject({ parameterCount: params, sixteenBitGb: sixteen, fourBitGb: four });
  });

  it.each([null, undefined, 0])('is null when the parameter count is %p', (params) => {
    expect(servingMemory(params)).toBeNull();
  });
});

describe(vendorOfferings.name, () => {
  it('lists the regions of the producer’s API for a VENDOR_API model', () => {
    const sut = vendorOfferings({ producer: 'Mistral AI', hostingOptions: [HostingOption.VENDOR_API] });
    expect(sut?.[0].regions.map((r) => r.jurisdictions)).toEqual([['EU'], ['US']]);
    expect(sut?.[0].source).toMatch(/^https:\/\//);
  });

  it('is empty for a model not offered as VENDOR_API', () => {
    expect(vendorOfferings({ producer: 'OpenAI', hostingOptions: [HostingOption.SELF_HOSTED] })).toEqual([]);
  });

  it('is null (unknown) when the producer’s regions are not recorded', () => {
    expect(vendorOfferings({ producer: 'Cohere', hostingOptions: [HostingOption.VENDOR_API] })).toBeNull();
  });

  it('records only known jurisdiction codes, each offering with a source', () => {
    expect(vendorRegionProblems()).toEqual([]);
  });
});

describe(residencyProblem.name, () => {
  it.each([[['KE']], [['EU', 'CH']], [['EEA']], [['ANY']]])('accepts %p', (codes) => {
    expect(residencyProblem(codes)).toBeNull();
  });

  it.each([
    [['EU', 'XX'], /dataResidency: "XX" is not an ISO 3166-1 alpha-2/],
    [['ke'], /"ke"/],
    [['Europe'], /"Europe"/],
    [['ANY', 'US'], /ANY allows every jurisdiction/],
  ])('refuses %p naming the bad value', (codes, message) => {
    expect(residencyProblem(codes)).toMatch(message);
  });
});

describe(withinJurisdictions.name, () => {
  it.each([
    ['DE', ['EU'], true],
    ['NO', ['EU'], false],
    ['NO', ['EEA'], true],
    ['EU', ['EEA'], true],
    ['EEA', ['EU'], false],
    ['EU', ['DE'], false],
    ['US', ['ANY'], true],
    ['CH', ['EU', 'CH'], true],
  ])('%s within %p: %p', (place, allowed, expected) => {
    expect(withinJurisdictions(place, allowed)).toBe(expected);
  });
});
