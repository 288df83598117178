/**
 * Feasibility comes before risk (ARCHITECTURE.md section 4): a request states hard constraints (connectivity,
 * allowed data jurisdictions, hardware available, deployment mode) and a model that cannot meet one of them is
 * INFEASIBLE, with the reason, and is never scored as if it were possible. Pure: no NestJS, no database.
 */
import { ANY_JURISDICTION, HostingOption, withinJurisdictions } from '@app/catalog/openness';

/** The network the deployment can count on where the model is used. */
export enum Connectivity {
  /** A reliable connection whenever the system is used. */
  ONLINE = 'ONLINE',
  /** Connections drop for hours or days (field offices, mobile networks in crises). */
  INTERMITTENT = 'INTERMITTENT',
  /** No connection where the system is used (air-gapped, remote clinics, disaster zones). */
  OFFLINE = 'OFFLINE',
}

/** The hardware the organisation has to run a model itself, from the smallest. */
export enum HardwareProfile {
  CPU_ONLY = 'CPU_ONLY',
  SINGLE_CONSUMER_GPU = 'SINGLE_CONSUMER_GPU',
  WORKSTATION_GPUS = 'WORKSTATION_GPUS',
  DATACENTER_GPUS = 'DATACENTER_GPUS',
}

/**
 * The memory budget each hardware profile offers for a model's weights and serving overhead, in GB. Typical
 * configurations, stated so a reviewer can disagree: an organisation with more (or less) should pick the profile
 * whose budget matches what it has.
 */
export const HARDWARE_MEMORY_GB: Readonly<Record<HardwareProfile, { memoryGb: number; example: string }>> =
  Object.freeze({
    [HardwareProfile.CPU_ONLY]: { memoryGb: 16, example: 'a laptop or small server with 16 GB of RAM, no GPU' },
    [HardwareProfile.SINGLE_CONSUMER_GPU]: { memoryGb: 24, example: 'one consumer GPU with 24 GB (RTX 3090/4090)' },
    [HardwareProfile.WORKSTATION_GPUS]: { memoryGb: 96, example: 'a workstation with two 48 GB GPUs (RTX 6000 Ada)' },
    [HardwareProfile.DATACENTER_GPUS]: { memoryGb: 640, example: 'one server with eight 80 GB GPUs (A100/H100)' },
  });

export enum FeasibilityStatus {
  FEASIBLE = 'FEASIBLE',
  /** A hard constraint cannot be met: the option is not scored and cannot be submitted. */
  INFEASIBLE = 'INFEASIBLE',
  /** No constraint is broken, but a fact needed to check one is missing (request field or catalog fact). */
  UNKNOWN = 'UNKNOWN',
}

/** One finding of the check: the request field it concerns, and why. */
export interface FeasibilityReason {
  code: string;
  /** The request field the finding is about, e.g. `connectivity`. */
  field: string;
  text: string;
  /** INFEASIBLE: breaks the constraint; UNKNOWN: cannot be checked; FEASIBLE: checked and met. */
  status: FeasibilityStatus;
}

export interface FeasibilityResult {
  status: FeasibilityStatus;
  reasons: FeasibilityReason[];
}

/** The request's hard constraints; absent while drafting. */
export interface FeasibilityRequest {
  /** As the requester stated it (never a substitute): null while the draft has none. */
  deploymentMode: HostingOption | null;
  connectivity?: Connectivity | null;
  /** Allowed jurisdictions (ISO 3166-1 alpha-2, EU, EEA, or ANY); empty or absent: not stated. */
  dataResidency?: readonly string[] | null;
  hardware?: HardwareProfile | null;
}

/** The catalog facts the check reads (structurally those of the catalog's hosting facts). */
export interface FeasibilityModel {
  name: string;
  hostingOptions: readonly HostingOption[];
  /** Memory to serve the weights; null when the parameter count is unknown. */
  servingMemory?: { sixteenBitGb: number; fourBitGb: number } | null;
  /** The producer's API offerings and their regions; null when offered as VENDOR_API without recorded regions. */
  vendorOfferings?: ReadonlyArray<{
    offering: string;
    regions: ReadonlyArray<{ name: string; jurisdictions: readonly string[] }>;
  }> | null;
}

const S = FeasibilityStatus;
const LOCAL_MODES = [HostingOption.SELF_HOSTED, HostingOption.ON_DEVICE];

/**
 * Checks a request's hard constraints against one model. INFEASIBLE when any constraint is broken (all broken
 * constraints are listed), else UNKNOWN when any could not be checked, else FEASIBLE; every check says what it
 * found, so a FEASIBLE answer explains itself too.
 *
 * @example
 * checkFeasibility({ deploymentMode: 'VENDOR_API', connectivity: 'OFFLINE' }, gpt4o).status // INFEASIBLE
 */
export function checkFeasibility(request: FeasibilityRequest, model: FeasibilityModel): FeasibilityResult {
  const reasons = [
    ...deploymentModeReasons(request, model),
    ...connectivityReasons(request, model),
    ...hardwareReasons(request, model),
    ...residencyReasons(request, model),
  ];
  const status = reasons.some((r) => r.status === S.INFEASIBLE)
    ? S.INFEASIBLE
    : reasons.some((r) => r.status === S.UNKNOWN)
      ? S.UNKNOWN
      : S.FEASIBLE;
  return { status, reasons };
}

/** The broken constraints as `field: reason` messages (what a submission refusal lists). */
export function infeasibilities(result: FeasibilityResult): Array<{ field: string; message: string }> {
  return result.reasons.filter((r) => r.status === S.INFEASIBLE).map((r) => ({ field: r.field, message: r.text }));
}

const offered = (model: FeasibilityModel) => model.hostingOptions.join(', ') || 'no hosting option';
const only = (model: FeasibilityModel) =>
  model.hostingOptions.length === 1 ? `offered only as ${model.hostingOptions[0]}` : `offered as ${offered(model)}`;

function deploymentModeReasons(request: FeasibilityRequest, model: FeasibilityModel): FeasibilityReason[] {
  if (request.deploymentMode === null) {
    return [
      {
        code: 'DEPLOYMENT_MODE_NOT_STATED',
        field: 'deploymentMode',
        status: S.UNKNOWN,
        text: `the request states no deployment mode yet; ${model.name} is ${only(model)}`,
      },
    ];
  }
  if (!model.hostingOptions.includes(request.deploymentMode)) {
    return [
      {
        code: 'DEPLOYMENT_MODE_NOT_OFFERED',
        field: 'deploymentMode',
        status: S.INFEASIBLE,
        text: `${request.deploymentMode} is not offered for ${model.name}, which is ${only(model)}`,
      },
    ];
  }
  return [
    {
      code: 'DEPLOYMENT_MODE_OFFERED',
      field: 'deploymentMode',
      status: S.FEASIBLE,
      text: `${model.name} is offered as ${request.deploymentMode}`,
    },
  ];
}

function connectivityReasons(request: FeasibilityRequest, model: FeasibilityModel): FeasibilityReason[] {
  const connectivity = request.connectivity;
  if (!connectivity) {
    return [{ code: 'CONNECTIVITY_NOT_STATED', field: 'connectivity', status: S.UNKNOWN, text: 'not stated yet' }];
  }
  if (connectivity === Connectivity.ONLINE) {
    return [{ code: 'CONNECTIVITY_MET', field: 'connectivity', status: S.FEASIBLE, text: 'ONLINE: any hosting works' }];
  }
  const apiOnly = !model.hostingOptions.some((h) => LOCAL_MODES.includes(h));
  if (apiOnly) {
    return [
      {
        code: 'API_NEEDS_CONNECTION',
        field: 'connectivity',
        status: S.INFEASIBLE,
        text: `${connectivity} cannot be met by ${model.name}, which is ${only(model)}`,
      },
    ];
  }
  if (request.deploymentMode === HostingOption.VENDOR_API) {
    return [
      {
        code: 'API_NEEDS_CONNECTION',
        field: 'connectivity',
        status: S.INFEASIBLE,
        text: `${connectivity} cannot be met through VENDOR_API, which needs a connection for every request; ${model.name} is also offered as ${model.hostingOptions.filter((h) => LOCAL_MODES.includes(h)).join(', ')}`,
      },
    ];
  }
  return [
    {
      code: 'CONNECTIVITY_MET',
      field: 'connectivity',
      status: S.FEASIBLE,
      text: `${connectivity}: the weights run locally (${request.deploymentMode ?? offered(model)}) without a connection`,
    },
  ];
}

function hardwareReasons(request: FeasibilityRequest, model: FeasibilityModel): FeasibilityReason[] {
  // Hardware matters only where the organisation runs the weights; a vendor's API runs on the vendor's.
  if (request.deploymentMode === null || !LOCAL_MODES.includes(request.deploymentMode)) return [];
  if (!request.hardware) {
    return [{ code: 'HARDWARE_NOT_STATED', field: 'hardware', status: S.UNKNOWN, text: 'not stated yet' }];
  }
  const budget = HARDWARE_MEMORY_GB[request.hardware];
  const memory = model.servingMemory;
  if (!memory) {
    return [
      {
        code: 'MODEL_MEMORY_UNKNOWN',
        field: 'hardware',
        status: S.UNKNOWN,
        text: `the parameter count of ${model.name} is not recorded, so the memory it needs is unknown (${request.hardware} offers ${budget.memoryGb} GB)`,
      },
    ];
  }
  if (memory.fourBitGb > budget.memoryGb) {
    return [
      {
        code: 'MODEL_TOO_LARGE_FOR_HARDWARE',
        field: 'hardware',
        status: S.INFEASIBLE,
        text: `${request.hardware} (${budget.memoryGb} GB, ${budget.example}) cannot serve ${model.name}, which needs about ${memory.fourBitGb} GB even at 4-bit quantisation (${memory.sixteenBitGb} GB at 16-bit)`,
      },
    ];
  }
  return [
    {
      code: 'MODEL_FITS_HARDWARE',
      field: 'hardware',
      status: S.FEASIBLE,
      text:
        memory.sixteenBitGb <= budget.memoryGb
          ? `${model.name} needs about ${memory.sixteenBitGb} GB at 16-bit; ${request.hardware} offers ${budget.memoryGb} GB`
          : `${model.name} fits ${request.hardware} (${budget.memoryGb} GB) only at 4-bit quantisation (about ${memory.fourBitGb} GB; ${memory.sixteenBitGb} GB at 16-bit), which can lower quality`,
    },
  ];
}

function residencyReasons(request: FeasibilityRequest, model: FeasibilityModel): FeasibilityReason[] {
  const allowed = request.dataResidency ?? [];
  if (allowed.length === 0) {
    return [{ code: 'RESIDENCY_NOT_STATED', field: 'dataResidency', status: S.UNKNOWN, text: 'not stated yet' }];
  }
  const wanted = allowed.join(', ');
  if (request.deploymentMode !== HostingOption.VENDOR_API) {
    // Self-hosted and on-device weights process data where the organisation runs them.
    return [
      {
        code: 'RESIDENCY_UNDER_OWN_CONTROL',
        field: 'dataResidency',
        status: request.deploymentMode === null ? S.UNKNOWN : S.FEASIBLE,
        text:
          request.deploymentMode === null
            ? `cannot be checked before the deployment mode is stated (allowed: ${wanted})`
            : `${request.deploymentMode}: data is processed where the organisation runs the model, which it can keep within ${wanted}`,
      },
    ];
  }
  if (allowed.includes(ANY_JURISDICTION)) {
    return [{ code: 'RESIDENCY_MET', field: 'dataResidency', status: S.FEASIBLE, text: 'ANY: no restriction' }];
  }
  const offerings = model.vendorOfferings;
  if (!offerings || offerings.length === 0) {
    return [
      {
        code: 'VENDOR_REGIONS_UNKNOWN',
        field: 'dataResidency',
        status: S.UNKNOWN,
        text: `no hosting regions are recorded for the API of ${model.name}, so residency within ${wanted} cannot be checked`,
      },
    ];
  }
  for (const offering of offerings) {
    const fit = offering.regions.find((r) => r.jurisdictions.every((j) => withinJurisdictions(j, allowed)));
    if (fit) {
      return [
        {
          code: 'RESIDENCY_MET',
          field: 'dataResidency',
          status: S.FEASIBLE,
          text: `${offering.offering} can process data in ${fit.name} (${fit.jurisdictions.join(', ')}), within ${wanted}`,
        },
      ];
    }
  }
  const regions = offerings.flatMap((o) => o.regions.map((r) => `${r.name} (${r.jurisdictions.join(', ')})`));
  return [
    {
      code: 'VENDOR_REGION_OUTSIDE_RESIDENCY',
      field: 'dataResidency',
      status: S.INFEASIBLE,
      text: `${wanted} cannot be met by the API of ${model.name}, which processes data only in ${regions.join('; ')}`,
    },
  ];
}
