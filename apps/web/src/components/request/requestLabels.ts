import type {
  AdoptionStatus,
  Connectivity,
  DataSensitivity,
  FeasibilityStatus,
  HardwareProfile,
  HostingOption,
  IntendedAdaptation,
  RiskCategory,
  RiskTier,
  Sector,
  WeightsAccess,
} from '../../gql/graphql';

/** Plain-language names of the request's answers (the API's enum values are shown nowhere else). */
export const SECTOR: Record<Sector, string> = {
  AGRICULTURE: 'Agriculture',
  CIVIL_SOCIETY: 'Civil society',
  EDUCATION: 'Education',
  HEALTH: 'Health',
  HUMANITARIAN: 'Humanitarian',
  PUBLIC_SERVICES: 'Public services',
  OTHER: 'Other',
};

export const DATA_SENSITIVITY: Record<DataSensitivity, string> = {
  PUBLIC: 'Public information only',
  INTERNAL: 'Internal documents (no personal data)',
  PERSONAL: 'Personal data',
  SENSITIVE_PERSONAL: 'Sensitive personal data (health, ethnicity, religion…)',
  CHILDREN: "Children's data",
};

export const DEPLOYMENT_MODE: Record<HostingOption, string> = {
  SELF_HOSTED: 'Self-hosted (on servers you control)',
  VENDOR_API: "Vendor's API (the provider runs the model)",
  ON_DEVICE: 'On the device (phone or laptop, no server)',
};

export const CONNECTIVITY: Record<Connectivity, string> = {
  ONLINE: 'Always online',
  INTERMITTENT: 'Intermittent (connection drops for hours or days)',
  OFFLINE: 'Offline (no internet where it is used)',
};

export const HARDWARE: Record<HardwareProfile, string> = {
  CPU_ONLY: 'Ordinary computers, no graphics card (CPU only)',
  SINGLE_CONSUMER_GPU: 'One consumer graphics card',
  WORKSTATION_GPUS: 'A workstation with several graphics cards',
  DATACENTER_GPUS: 'Data-centre GPUs',
};

export const ADAPTATION: Record<IntendedAdaptation, string> = {
  NONE: 'None: use the model as it is',
  PROMPTING: 'Instructions and examples in the prompt',
  RETRIEVAL: 'Answers from our own documents (retrieval)',
  FINE_TUNING: 'Fine-tuning on our own data',
};

export const STATUS: Record<AdoptionStatus, string> = {
  DRAFT: 'Draft',
  SUBMITTED: 'Submitted',
  IN_REVIEW: 'In review',
  CHANGES_REQUESTED: 'Changes requested',
  AWAITING_DECISION: 'Awaiting decision',
  APPROVED: 'Approved',
  REJECTED: 'Rejected',
  WITHDRAWN: 'Withdrawn',
  REVOKED: 'Revoked',
  EXPIRED: 'Expired',
};

export const TIER: Record<RiskTier, string> = {
  LOW: 'Low',
  MEDIUM: 'Medium',
  HIGH: 'High',
  CRITICAL: 'Critical',
};

export const WEIGHTS: Record<WeightsAccess, string> = {
  OPEN: 'open weights',
  GATED: 'gated weights',
  CLOSED: 'closed weights',
  UNKNOWN: 'weights access unknown',
};

export const FEASIBILITY: Record<FeasibilityStatus, string> = {
  FEASIBLE: 'Feasible',
  INFEASIBLE: 'Not feasible',
  UNKNOWN: 'Unknown',
};

export const RISK_CATEGORY: Record<RiskCategory, string> = {
  MISUSE: 'Misuse',
  PROVIDER_DEPENDENCY: 'Dependence on the provider',
  TRANSPARENCY: 'Transparency',
  DATA_PROTECTION: 'Data protection',
  INFORMATION_SECURITY: 'Information security',
  LOCAL_FIT: 'Local fit (languages, context)',
  LICENSE_COMPLIANCE: 'Licence compliance',
  BIAS: 'Bias',
  CONFABULATION: 'Made-up answers (confabulation)',
  SUSTAINABILITY_COST: 'Sustainability and cost',
};

/** `{ value, label }` pairs for a Select, in the order of the record. */
export function options<K extends string>(labels: Record<K, string>): Array<{ value: K; label: string }> {
  return (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));
}

/** Expertise codes (LEGAL, DATA_PROTECTION) as a list: "LEGAL and DATA PROTECTION". */
export function expertiseWords(codes: readonly string[]): string {
  const words = codes.map((c) => c.replaceAll('_', ' '));
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
