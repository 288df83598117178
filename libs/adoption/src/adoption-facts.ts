import type { AiModelEntity } from '@app/catalog';
import { HostingOption, servingMemory, vendorOfferings } from '@app/catalog';
import {
  checkFeasibility,
  DataSensitivity,
  FeasibilityResult,
  IntendedAdaptation,
  ModelFacts,
  RequestFacts,
  Sector,
} from '@app/risk';
import type { AdoptionRequestEntity } from './adoption-request.entity';

/**
 * The engine's view of a request. Fields a draft may still lack get the most cautious reading only where
 * the engine needs a value (the request cannot be submitted without them anyway).
 */
export function requestFacts(r: AdoptionRequestEntity, deploymentMode?: HostingOption): RequestFacts {
  return {
    sector: r.sector ?? Sector.OTHER,
    deploymentMode: deploymentMode ?? r.deploymentMode ?? HostingOption.VENDOR_API,
    dataSensitivity: r.dataSensitivity ?? DataSensitivity.PERSONAL,
    intendedAdaptation: r.intendedAdaptation ?? IntendedAdaptation.PROMPTING,
    languages: r.languages,
    affectedPopulation: r.affectedPopulation ?? '',
    expectedUsers: r.expectedUsers ?? 0,
    useCase: r.useCase ?? '',
    // Stated by the requester (required at submission); a draft that has not said yet is not assumed public.
    publicFacing: r.publicFacing ?? undefined,
    connectivity: r.connectivity,
    dataResidency: r.dataResidency,
    hardware: r.hardware,
  };
}

/**
 * The request's facts with the organisation's own: licence user thresholds (e.g. Llama's 700M) count the
 * licensee's monthly active users across all its products, which the organisation records.
 */
export function withOrganisation(
  facts: RequestFacts,
  organisation: { monthlyActiveUsers: number | null },
): RequestFacts {
  return { ...facts, organisationMonthlyActiveUsers: organisation.monthlyActiveUsers };
}

/** The engine's view of a catalog entry, with the other models of its family. */
export function modelFacts(m: AiModelEntity, siblings: AiModelEntity[] = []): ModelFacts {
  return {
    name: m.name,
    producer: m.producer,
    family: m.family,
    releaseLevel: m.releaseLevel,
    weightsAccess: m.weightsAccess,
    licenseName: m.licenseName ?? 'unknown',
    licenseKind: m.licenseKind,
    obligations: m.obligations,
    hostingOptions: m.hostingOptions,
    languages: m.languages,
    fineTuning: m.fineTuning,
    trainingDataOpenness: m.trainingDataOpenness,
    mofClass: m.mofClass,
    parameterCount: m.parameterCount,
    modalities: m.modalities,
    servingMemory: servingMemory(m.parameterCount),
    vendorOfferings: vendorOfferings(m),
    familyAlternatives: siblings.map((s) => ({
      name: s.name,
      weightsAccess: s.weightsAccess,
      hostingOptions: s.hostingOptions,
    })),
  };
}

/**
 * Whether `model` can meet the request's hard constraints, judged with the deployment mode the request states,
 * or with the one a comparison names explicitly (never one the model happens to offer): see `checkFeasibility`.
 */
export function feasibilityOf(
  r: AdoptionRequestEntity,
  model: AiModelEntity,
  deploymentMode: HostingOption | null = r.deploymentMode,
): FeasibilityResult {
  return checkFeasibility(
    {
      deploymentMode,
      connectivity: r.connectivity,
      dataResidency: r.dataResidency,
      hardware: r.hardware,
    },
    {
      name: model.name,
      hostingOptions: model.hostingOptions,
      servingMemory: servingMemory(model.parameterCount),
      vendorOfferings: vendorOfferings(model),
    },
  );
}
