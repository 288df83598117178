import { HostingOption } from '@app/catalog/openness';
import {
  checkFeasibility,
  Connectivity,
  FeasibilityModel,
  FeasibilityRequest,
  FeasibilityStatus,
  HardwareProfile,
  infeasibilities,
} from './feasibility';

const { SELF_HOSTED, VENDOR_API, ON_DEVICE } = HostingOption;
const { FEASIBLE, INFEASIBLE, UNKNOWN } = FeasibilityStatus;

const gpt4o: FeasibilityModel = {
  name: 'GPT-4o',
  hostingOptions: [VENDOR_API],
  servingMemory: null,
  vendorOfferings: [
    {
      offering: 'OpenAI API',
      regions: [
        { name: 'United States', jurisdictions: ['US'] },
        { name: 'Europe', jurisdictions: ['EEA', 'CH'] },
      ],
    },
  ],
};
const claude: FeasibilityModel = {
  name: 'Claude 3.5 Sonnet',
  hostingOptions: [VENDOR_API],
  vendorOfferings: [{ offering: 'Claude API', regions: [{ name: 'United States', jurisdictions: ['US'] }] }],
};
const mistral: FeasibilityModel = {
  name: 'Mistral Large',
  hostingOptions: [VENDOR_API],
  vendorOfferings: [{ offering: 'Mistral API', regions: [{ name: 'European Union', jurisdictions: ['EU'] }] }],
};
const unrecorded: FeasibilityModel = {
  name: 'Command R',
  hostingOptions: [SELF_HOSTED, VENDOR_API],
  vendorOfferings: null,
};
const llama8b: FeasibilityModel = {
  name: 'Llama 3.1 8B',
  hostingOptions: [SELF_HOSTED],
  servingMemory: { sixteenBitGb: 19.2, fourBitGb: 4.8 },
  vendorOfferings: [],
};
const phi3: FeasibilityModel = {
  name: 'Phi-3 mini',
  hostingOptions: [SELF_HOSTED, VENDOR_API, ON_DEVICE],
  servingMemory: { sixteenBitGb: 9.1, fourBitGb: 2.3 },
  vendorOfferings: null,
};
const bloom: FeasibilityModel = {
  name: 'BLOOM',
  hostingOptions: [SELF_HOSTED],
  servingMemory: { sixteenBitGb: 423, fourBitGb: 105.7 },
};
const llama70b: FeasibilityModel = {
  name: 'Llama 3.3 70B',
  hostingOptions: [SELF_HOSTED],
  servingMemory: { sixteenBitGb: 168, fourBitGb: 42 },
};
const noParams: FeasibilityModel = { name: 'Mystery', hostingOptions: [SELF_HOSTED], servingMemory: null };

const complete = (r: Partial<FeasibilityRequest>): FeasibilityRequest => ({
  deploymentMode: SELF_HOSTED,
  connectivity: Connectivity.ONLINE,
  dataResidency: ['ANY'],
  hardware: HardwareProfile.DATACENTER_GPUS,
  ...r,
});

describe(checkFeasibility.name, () => {
  it.each<[string, Partial<FeasibilityRequest>, FeasibilityModel, FeasibilityStatus, string | null, RegExp | null]>([
    // deployment mode
    ['requested mode offered', { deploymentMode: VENDOR_API }, gpt4o, FEASIBLE, null, null],
    [
      'self-hosting an API-only model',
      {},
      gpt4o,
      INFEASIBLE,
      'deploymentMode',
      /SELF_HOSTED is not offered for GPT-4o, which is offered only as VENDOR_API/,
    ],
    [
      'on-device for a server-only model',
      { deploymentMode: ON_DEVICE },
      llama8b,
      INFEASIBLE,
      'deploymentMode',
      /ON_DEVICE is not offered/,
    ],
    ['no mode stated yet', { deploymentMode: null }, llama8b, UNKNOWN, null, null],
    // connectivity
    [
      'offline team, API-only model',
      { deploymentMode: VENDOR_API, connectivity: Connectivity.OFFLINE },
      gpt4o,
      INFEASIBLE,
      'connectivity',
      /^OFFLINE cannot be met by GPT-4o, which is offered only as VENDOR_API$/,
    ],
    [
      'intermittent team, API-only model',
      { deploymentMode: VENDOR_API, connectivity: Connectivity.INTERMITTENT },
      claude,
      INFEASIBLE,
      'connectivity',
      /INTERMITTENT cannot be met by Claude/,
    ],
    [
      'offline team, API chosen for a model that also runs locally',
      { deploymentMode: VENDOR_API, connectivity: Connectivity.OFFLINE, dataResidency: ['ANY'] },
      phi3,
      INFEASIBLE,
      'connectivity',
      /through VENDOR_API.*also offered as SELF_HOSTED, ON_DEVICE/,
    ],
    [
      'offline team, small open model self-hosted',
      { connectivity: Connectivity.OFFLINE, hardware: HardwareProfile.SINGLE_CONSUMER_GPU },
      llama8b,
      FEASIBLE,
      null,
      null,
    ],
    [
      'offline team, on-device',
      { deploymentMode: ON_DEVICE, connectivity: Connectivity.OFFLINE, hardware: HardwareProfile.CPU_ONLY },
      phi3,
      FEASIBLE,
      null,
      null,
    ],
    ['connectivity not stated', { connectivity: null }, llama8b, UNKNOWN, null, null],
    // hardware
    [
      '176B model on one consumer GPU',
      { hardware: HardwareProfile.SINGLE_CONSUMER_GPU },
      bloom,
      INFEASIBLE,
      'hardware',
      /SINGLE_CONSUMER_GPU \(24 GB.*cannot serve BLOOM, which needs about 105.7 GB even at 4-bit/,
    ],
    [
      '176B model on a workstation',
      { hardware: HardwareProfile.WORKSTATION_GPUS },
      bloom,
      INFEASIBLE,
      'hardware',
      /WORKSTATION_GPUS \(96 GB/,
    ],
    ['176B model in a data centre', { hardware: HardwareProfile.DATACENTER_GPUS }, bloom, FEASIBLE, null, null],
    [
      '70B model on a workstation, 4-bit only',
      { hardware: HardwareProfile.WORKSTATION_GPUS },
      llama70b,
      FEASIBLE,
      null,
      null,
    ],
    ['8B model on CPU only, 4-bit', { hardware: HardwareProfile.CPU_ONLY }, llama8b, FEASIBLE, null, null],
    ['parameter count unknown', { hardware: HardwareProfile.CPU_ONLY }, noParams, UNKNOWN, null, null],
    ['hardware not stated for self-hosting', { hardware: null }, llama8b, UNKNOWN, null, null],
    [
      'hardware irrelevant to a vendor API',
      { deploymentMode: VENDOR_API, hardware: HardwareProfile.CPU_ONLY },
      gpt4o,
      FEASIBLE,
      null,
      null,
    ],
    // residency
    [
      'EU-only with a US-only vendor',
      { deploymentMode: VENDOR_API, dataResidency: ['EU'] },
      claude,
      INFEASIBLE,
      'dataResidency',
      /^EU cannot be met by the API of Claude 3.5 Sonnet, which processes data only in United States \(US\)$/,
    ],
    [
      'EU-only with an EU-hosted vendor',
      { deploymentMode: VENDOR_API, dataResidency: ['EU'] },
      mistral,
      FEASIBLE,
      null,
      null,
    ],
    [
      'a member state only with an EU-wide vendor region',
      { deploymentMode: VENDOR_API, dataResidency: ['DE'] },
      mistral,
      INFEASIBLE,
      'dataResidency',
      /DE cannot be met/,
    ],
    [
      'EU-only with a vendor region spanning EEA and Switzerland',
      { deploymentMode: VENDOR_API, dataResidency: ['EU'] },
      gpt4o,
      INFEASIBLE,
      'dataResidency',
      /Europe \(EEA, CH\)/,
    ],
    [
      'EEA and Switzerland with that region',
      { deploymentMode: VENDOR_API, dataResidency: ['EEA', 'CH'] },
      gpt4o,
      FEASIBLE,
      null,
      null,
    ],
    ['US with a US region', { deploymentMode: VENDOR_API, dataResidency: ['US'] }, gpt4o, FEASIBLE, null, null],
    [
      'vendor regions not recorded',
      { deploymentMode: VENDOR_API, dataResidency: ['KE'] },
      unrecorded,
      UNKNOWN,
      null,
      null,
    ],
    [
      'vendor regions not recorded, no restriction',
      { deploymentMode: VENDOR_API, dataResidency: ['ANY'] },
      unrecorded,
      FEASIBLE,
      null,
      null,
    ],
    [
      'self-hosting satisfies residency',
      { dataResidency: ['KE'], hardware: HardwareProfile.SINGLE_CONSUMER_GPU },
      llama8b,
      FEASIBLE,
      null,
      null,
    ],
    [
      'on-device satisfies residency',
      { deploymentMode: ON_DEVICE, dataResidency: ['EU'], hardware: HardwareProfile.CPU_ONLY },
      phi3,
      FEASIBLE,
      null,
      null,
    ],
    ['residency not stated', { dataResidency: [] }, llama8b, UNKNOWN, null, null],
  ])('%s', (_name, request, model, status, field, message) => {
    const sut = checkFeasibility(complete(request), model);
    expect(sut.status).toBe(status);
    expect(sut.reasons.length).toBeGreaterThan(0);
    const broken = infeasibilities(sut);
    if (field === null) {
      expect(broken).toEqual([]);
    } else {
      expect(broken).toContainEqual({ field, message: expect.stringMatching(message!) });
    }
  });

  it('lists every broken constraint, not only the first', () => {
    const sut = checkFeasibility(
      complete({
        connectivity: Connectivity.OFFLINE,
        hardware: HardwareProfile.SINGLE_CONSUMER_GPU,
        dataResidency: ['EU'],
      }),
      { ...bloom, hostingOptions: [VENDOR_API], vendorOfferings: claude.vendorOfferings },
    );
    expect(infeasibilities(sut).map((p) => p.field)).toEqual(['deploymentMode', 'connectivity', 'hardware']);
  });

  it('explains a feasible answer: one reason per checked constraint', () => {
    const sut = checkFeasibility(complete({ hardware: HardwareProfile.SINGLE_CONSUMER_GPU }), llama8b);
    expect(sut.reasons.map((r) => [r.field, r.status])).toEqual([
      ['deploymentMode', FEASIBLE],
      ['connectivity', FEASIBLE],
      ['hardware', FEASIBLE],
      ['dataResidency', FEASIBLE],
    ]);
  });
});
