import { FineTuningAvailability, LicenseKind, ReleaseLevel, TrainingDataOpenness } from '../openness/openness.types';
import type { CuratedModel } from './curated-model';
import { s } from './curated-sources';

const GROK_ANNOUNCEMENT = 'https://x.ai/news/grok';
const GROK_1_OPEN_RELEASE = 'https://x.ai/news/grok-os';

/**
 * Grok-0, xAI's 33B prototype: described when Grok was announced, never released as weights nor offered
 * as a product. Its Model Openness Tool record lists Apache-2.0 parameters, which belong to Grok-1 (314B,
 * weights released under Apache-2.0 in March 2024), not to Grok-0; the profile keeps the tool's MOF class
 * but shows these facts and flags the record's weights claim as disputed (WEIGHTS_CLAIM_DISPUTED).
 */
export const XAI: CuratedModel[] = [
  {
    key: 'xai-grok-0',
    name: 'Grok-0',
    motName: 'Grok-0',
    producer: 'xAI',
    family: 'xAI Grok',
    version: '0',
    modalities: ['text'],
    parameterCount: 33_000_000_000,
    releaseDate: null,
    releaseLevel: ReleaseLevel.FULLY_CLOSED,
    gated: false,
    licenseName: 'Proprietary',
    licenseUrl: null,
    licenseKind: LicenseKind.PROPRIETARY_TERMS,
    obligations: [],
    trainingDataOpenness: TrainingDataOpenness.UNDISCLOSED,
    hostingOptions: [],
    languages: [],
    fineTuning: [FineTuningAvailability.NONE],
    sources: [
      s(
        'releaseLevel',
        GROK_ANNOUNCEMENT,
        'Announcing Grok (November 2023): after announcing xAI, a prototype LLM (Grok-0) with 33 billion parameters was trained; it was an internal prototype, not a released model.',
      ),
      s('parameterCount', GROK_ANNOUNCEMENT, 'Grok-0: 33 billion parameters.'),
      s(
        'licenseName',
        GROK_1_OPEN_RELEASE,
        'Open Release of Grok-1 (March 17, 2024): the weights released under Apache-2.0 are those of the 314B Grok-1, not Grok-0.',
      ),
      s('fineTuning', GROK_ANNOUNCEMENT, 'Weights never released: the adopter cannot tune the model.'),
    ],
  },
];
