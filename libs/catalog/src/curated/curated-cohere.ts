import {
  FineTuningAvailability,
  HostingOption,
  LicenseKind,
  type LicenseObligation,
  ObligationKind,
  ReleaseLevel,
  TrainingDataOpenness,
} from '../openness/openness.types';
import type { CuratedModel } from './curated-model';
import { mot, s } from './curated-sources';

const COHERE_CC_BY_NC = 'https://cohere.com/c4ai-cc-by-nc-license';
const COHERE_AUP = 'https://docs.cohere.com/docs/c4ai-acceptable-use-policy';
const COHERE_OBLIGATIONS: LicenseObligation[] = [
  {
    kind: ObligationKind.NON_COMMERCIAL,
    text: 'CC-BY-NC 4.0: licensed rights may be exercised for non-commercial purposes only.',
  },
  {
    kind: ObligationKind.ATTRIBUTION,
    text: 'CC-BY-NC 4.0: give appropriate credit and indicate changes when sharing.',
  },
  {
    kind: ObligationKind.ACCEPTABLE_USE_POLICY,
    text: `Use must adhere to C4AI's Acceptable Use Policy (${COHERE_AUP}).`,
  },
];
const COHERE_LANGUAGES = ['en', 'fr', 'de', 'es', 'it', 'pt', 'ja', 'ko', 'zh', 'ar'];

export const COHERE: CuratedModel[] = [
  {
    key: 'cohere-command-r-v01',
    name: 'Command R (c4ai-command-r-v01)',
    motName: 'Command-R',
    producer: 'Cohere',
    family: 'Cohere Command',
    version: '03-2024',
    modalities: ['text'],
    parameterCount: 35_000_000_000,
    releaseDate: null,
    releaseLevel: ReleaseLevel.DOWNLOADABLE,
    gated: true,
    licenseName: 'CC-BY-NC-4.0',
    licenseUrl: COHERE_CC_BY_NC,
    licenseKind: LicenseKind.STANDARD_NON_OSI,
    obligations: COHERE_OBLIGATIONS,
    trainingDataOpenness: TrainingDataOpenness.UNKNOWN,
    hostingOptions: [HostingOption.SELF_HOSTED, HostingOption.VENDOR_API],
    languages: COHERE_LANGUAGES,
    fineTuning: [FineTuningAvailability.WEIGHTS, FineTuningAvailability.PROVIDER_API],
    sources: [
      s(
        'licenseName',
        'https://huggingface.co/CohereForAI/c4ai-command-r-v01',
        "License: CC-BY-NC, also requires adhering to C4AI's Acceptable Use Policy.",
      ),
      s('licenseName', mot('Command-R.yml'), 'MOT record: CC-BY-NC-4.0.'),
      s(
        'obligations',
        'https://registry.ollama.com/vanilj/command-r-08-2024-q4_k_m:latest',
        'Licence text: CC BY-NC 4.0 International with Acceptable Use Addendum.',
      ),
      s('obligations', COHERE_AUP),
      s(
        'parameterCount',
        'https://huggingface.co/CohereForAI/c4ai-command-r-v01',
        'Model Size: 35 billion parameters.',
      ),
      s(
        'languages',
        'https://huggingface.co/CohereForAI/c4ai-command-r-plus',
        'Command R family evaluated in 10 languages (card metadata en, fr, de, es, it, pt, ja, ko, zh, ar).',
      ),
      s(
        'gated',
        'https://hf.qhduan.com/CohereForAI/c4ai-command-r-v01',
        'Mirror of the Hub page: "You need to agree to share your contact information to access this model".',
      ),
      s('releaseLevel', 'https://huggingface.co/CohereForAI/c4ai-command-r-v01', 'Open weights research release.'),
      s(
        'hostingOptions',
        'https://docs.cohere.com/docs/command-r',
        'Command R served on the Cohere API; weights for self-hosting.',
      ),
      s('fineTuning', 'https://docs.cohere.com/docs/fine-tuning', 'Cohere fine-tuning service for Command R.'),
      s(
        'fineTuning',
        'https://github.com/cohere-ai/cohere-finetune',
        'cohere-finetune supports Command R weights from Hugging Face.',
      ),
    ],
  },
  {
    key: 'cohere-command-r-plus',
    name: 'Command R+ (c4ai-command-r-plus)',
    motName: 'Command-R+',
    producer: 'Cohere',
    family: 'Cohere Command',
    version: '04-2024',
    modalities: ['text'],
    parameterCount: 104_000_000_000,
    releaseDate: '2024-04-04',
    releaseLevel: ReleaseLevel.DOWNLOADABLE,
    gated: true,
    licenseName: 'CC-BY-NC-4.0',
    licenseUrl: COHERE_CC_BY_NC,
    licenseKind: LicenseKind.STANDARD_NON_OSI,
    obligations: COHERE_OBLIGATIONS,
    trainingDataOpenness: TrainingDataOpenness.UNKNOWN,
    hostingOptions: [HostingOption.SELF_HOSTED, HostingOption.VENDOR_API],
    languages: COHERE_LANGUAGES,
    fineTuning: [FineTuningAvailability.WEIGHTS],
    sources: [
      s(
        'licenseName',
        'https://huggingface.co/CohereForAI/c4ai-command-r-plus',
        "License: CC-BY-NC, also requires adhering to C4AI's Acceptable Use Policy.",
      ),
      s('licenseName', mot('Command-R+.yml'), 'MOT record: CC-BY-NC-4.0.'),
      s('obligations', COHERE_CC_BY_NC),
      s('obligations', COHERE_AUP),
      s(
        'parameterCount',
        'https://huggingface.co/CohereForAI/c4ai-command-r-plus',
        'Model Size: 104 billion parameters.',
      ),
      s(
        'releaseDate',
        'https://cohere.com/blog/command-r-plus-microsoft-azure',
        'Introducing Command R+, April 4, 2024.',
      ),
      s(
        'languages',
        'https://huggingface.co/CohereForAI/c4ai-command-r-plus',
        'Evaluated in 10 languages; card metadata en, fr, de, es, it, pt, ja, ko, zh, ar.',
      ),
      s(
        'gated',
        'https://huggingface.co/CohereForAI/c4ai-command-r-plus/resolve/refs%2Fpr%2F63/README.md?download=true',
        'extra_gated_prompt: agree to the License Agreement and Privacy Policy.',
      ),
      s(
        'releaseLevel',
        'https://huggingface.co/CohereForAI/c4ai-command-r-plus',
        'Open weights research release after the access form.',
      ),
      s(
        'hostingOptions',
        'https://docs.cohere.com/docs/command-r-plus',
        'Command R+ served on the Cohere API (and first on Microsoft Azure); weights for self-hosting.',
      ),
      s(
        'fineTuning',
        'https://github.com/cohere-ai/cohere-finetune',
        'cohere-finetune supports Command R Plus weights from Hugging Face.',
      ),
    ],
  },
];
