import {
  FineTuningAvailability,
  HostingOption,
  LicenseKind,
  ObligationKind,
  ReleaseLevel,
  TrainingDataOpenness,
} from '../openness/openness.types';
import type { CuratedModel } from './curated-model';
import { s } from './curated-sources';

export const BIGCODE: CuratedModel[] = [
  {
    key: 'bigcode-starcoder',
    name: 'StarCoder 15.5B',
    motName: 'StarCoder',
    producer: 'BigCode (Hugging Face and ServiceNow)',
    family: 'BigCode StarCoder',
    version: '1',
    modalities: ['text'],
    parameterCount: 15_500_000_000,
    releaseDate: '2023-05-04',
    releaseLevel: ReleaseLevel.DOWNLOADABLE,
    gated: true,
    licenseName: 'BigCode OpenRAIL-M v1',
    licenseUrl: 'https://huggingface.co/spaces/bigcode/bigcode-model-license-agreement',
    licenseKind: LicenseKind.OPEN_RAIL,
    obligations: [
      {
        kind: ObligationKind.ACCEPTABLE_USE_POLICY,
        text: 'Use restrictions of the OpenRAIL-M licence (e.g. disinformation, unlawful surveillance, harm to people).',
      },
      {
        kind: ObligationKind.OTHER,
        text: 'Sharing requirement: the use restrictions must be carried over when the model or modifications are shared.',
      },
    ],
    trainingDataOpenness: TrainingDataOpenness.OPEN,
    hostingOptions: [HostingOption.SELF_HOSTED],
    languages: [],
    fineTuning: [FineTuningAvailability.WEIGHTS],
    sources: [
      s('licenseName', 'https://huggingface.co/bigcode/starcoder', 'Model card metadata: license bigcode-openrail-m.'),
      s(
        'licenseName',
        'https://www.noze.it/en/insights/starcoder-open-source',
        'Distributed under the BigCode Open RAIL-M v1 licence.',
      ),
      s(
        'obligations',
        'https://huggingface.co/spaces/bigcode/bigcode-model-license-agreement',
        'Gate checkbox: use the Model complying with the set of use restrictions and sharing requirements.',
      ),
      s('obligations', 'https://www.noze.it/en/insights/starcoder-open-source', 'Limits on specific use categories.'),
      s('parameterCount', 'https://arxiv.org/abs/2305.06161', 'StarCoder and StarCoderBase: 15.5B parameter models.'),
      s('releaseDate', 'https://www.noze.it/en/insights/starcoder-open-source', 'Released on 4 May 2023.'),
      s(
        'trainingDataOpenness',
        'https://arxiv.org/abs/2305.06161',
        'Trained on The Stack: permissively licensed GitHub repositories with inspection tools and an opt-out process.',
      ),
      s(
        'gated',
        'https://huggingface.co/bigcode/starcoder',
        'extra_gated_prompt: read and accept the OpenRAIL-M agreement.',
      ),
      s(
        'releaseLevel',
        'https://huggingface.co/bigcode/starcoder',
        'Weights downloadable after accepting the licence.',
      ),
      s('hostingOptions', 'https://huggingface.co/bigcode/starcoder', 'Weights for self-hosting.'),
      s(
        'fineTuning',
        'https://arxiv.org/abs/2305.06161',
        'StarCoder itself is StarCoderBase fine-tuned on 35B Python tokens; the licence allows modifications.',
      ),
      s('modalities', 'https://huggingface.co/bigcode/starcoder', 'Code and natural-language text.'),
    ],
  },
];
