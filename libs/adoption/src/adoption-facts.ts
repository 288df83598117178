import type { AiModelEntity } from '@app/catalog';
import { HostingOption } from '@app/catalog';
import { DataSensitivity, IntendedAdaptation, ModelFacts, RequestFacts, Sector } from '@app/risk';
import type { AdoptionRequestEntity } from './adoption-request.entity';

/** Words in the affected population or use case that say the system is open to the public. */
const PUBLIC_FACING =
  /\b(public|citizens?|general population|anyone|members of the public|open to all|patients|parents|pupils|students|learners|beneficiaries|refugees|farmers)\b/i;

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
    publicFacing: PUBLIC_FACING.test(r.affectedPopulation ?? ''),
  };
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
    familyAlternatives: siblings.map((s) => ({
      name: s.name,
      weightsAccess: s.weightsAccess,
      hostingOptions: s.hostingOptions,
    })),
  };
}

/** The deployment mode an option is judged with: the request's when the model offers it, else one it offers. */
export function deploymentFor(model: AiModelEntity, requested: HostingOption | null): HostingOption {
  if (requested && model.hostingOptions.includes(requested)) return requested;
  return model.hostingOptions[0] ?? requested ?? HostingOption.VENDOR_API;
}
