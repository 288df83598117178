import {
  FineTuningAvailability,
  HostingOption,
  LicenseKind,
  ReleaseLevel,
  TrainingDataOpenness,
} from '../openness/openness.types';
import type { CuratedModel } from './curated-model';
import { ANTHROPIC_OBLIGATIONS, ANTHROPIC_TERMS, ANTHROPIC_TERMS_ANALYSIS, s } from './curated-sources';

const ANTHROPIC_DEPRECATIONS = 'https://docs.anthropic.com/en/docs/about-claude/model-deprecations';

/**
 * Claude 1 and Claude 2 as Anthropic released them: through its API (and claude.ai) only, never as weights.
 * Their Model Openness Tool records list MIT parameters; the profile keeps the tool's MOF class but shows
 * these facts and flags the record's weights claim as disputed (WEIGHTS_CLAIM_DISPUTED).
 */
const retiredClaude = (
  version: '1' | '2',
  announcement: string,
  announcementNote: string,
  releaseDate: string,
): CuratedModel => ({
  key: `anthropic-claude-${version}`,
  name: `Claude ${version}`,
  motName: `Claude-${version}`,
  producer: 'Anthropic',
  family: 'Anthropic Claude',
  version,
  modalities: ['text'],
  parameterCount: null,
  releaseDate,
  releaseLevel: ReleaseLevel.CLOUD_API,
  gated: false,
  licenseName: 'Proprietary',
  licenseUrl: ANTHROPIC_TERMS,
  licenseKind: LicenseKind.PROPRIETARY_TERMS,
  obligations: ANTHROPIC_OBLIGATIONS,
  trainingDataOpenness: TrainingDataOpenness.UNDISCLOSED,
  // Retired from Anthropic's API: no way to use it today.
  hostingOptions: [],
  languages: [],
  fineTuning: [FineTuningAvailability.NONE],
  sources: [
    s('releaseLevel', announcement, announcementNote),
    s('releaseDate', announcement, `Announcement of Claude ${version}.`),
    s(
      'licenseName',
      ANTHROPIC_TERMS,
      'Anthropic Commercial Terms of Service govern API access; no weights licence exists.',
    ),
    s(
      'obligations',
      ANTHROPIC_TERMS_ANALYSIS,
      'Customers cannot use the API to build a competing AI product or train rival models.',
    ),
    s(
      'hostingOptions',
      ANTHROPIC_DEPRECATIONS,
      `Anthropic's model deprecations page lists the Claude ${version} models as retired from the API.`,
    ),
    s(
      'fineTuning',
      ANTHROPIC_DEPRECATIONS,
      'Weights never released and the model retired: it cannot be tuned by the adopter.',
    ),
    s('trainingDataOpenness', announcement, 'The training data is not published.'),
  ],
});

export const ANTHROPIC: CuratedModel[] = [
  retiredClaude(
    '1',
    'https://www.anthropic.com/news/introducing-claude',
    'Claude is accessible through a chat interface and an API in Anthropic’s developer console; no weights were published.',
    '2023-03-14',
  ),
  retiredClaude(
    '2',
    'https://www.anthropic.com/news/claude-2',
    'Claude 2 is available through the API and the claude.ai beta website; no weights were published.',
    '2023-07-11',
  ),
  {
    key: 'anthropic-claude-3.5-sonnet',
    name: 'Claude 3.5 Sonnet',
    producer: 'Anthropic',
    family: 'Anthropic Claude',
    version: '3.5',
    modalities: ['text', 'image'],
    parameterCount: null,
    releaseDate: '2024-06-20',
    releaseLevel: ReleaseLevel.CLOUD_API,
    gated: false,
    licenseName: 'Proprietary',
    licenseUrl: ANTHROPIC_TERMS,
    licenseKind: LicenseKind.PROPRIETARY_TERMS,
    obligations: ANTHROPIC_OBLIGATIONS,
    trainingDataOpenness: TrainingDataOpenness.UNKNOWN,
    hostingOptions: [HostingOption.VENDOR_API],
    languages: [],
    fineTuning: [FineTuningAvailability.NONE],
    sources: [
      s('licenseName', ANTHROPIC_TERMS, 'Anthropic Commercial Terms of Service govern API access.'),
      s(
        'obligations',
        ANTHROPIC_TERMS_ANALYSIS,
        'Customers cannot use the API to build a competing AI product or train rival models.',
      ),
      s(
        'releaseDate',
        'https://veronica-7.pages.dev/transformer-era/2024/claude-3',
        'Claude 3.5 Sonnet release (June 20, 2024).',
      ),
      s(
        'modalities',
        'https://cloud.google.com/vertex-ai/generative-ai/docs/partner-models/use-claude',
        'Visual data extraction: extracts data from charts or graphs.',
      ),
      s(
        'releaseLevel',
        'https://cloud.google.com/vertex-ai/generative-ai/docs/partner-models/use-claude',
        'Fully managed, serverless model offered as an API.',
      ),
      s(
        'hostingOptions',
        'https://cloud.google.com/vertex-ai/generative-ai/docs/partner-models/use-claude',
        'Managed API (Anthropic API; also Vertex AI).',
      ),
      s(
        'fineTuning',
        'https://artificial-intelligence-wiki.com/ai-development/training-and-fine-tuning/anthropic-fine-tuning-api',
        'Claude fine-tuning (via Amazon Bedrock) supports the Claude 3 Haiku model only.',
      ),
    ],
  },
  {
    key: 'anthropic-claude-3-haiku',
    name: 'Claude 3 Haiku',
    producer: 'Anthropic',
    family: 'Anthropic Claude',
    version: '3',
    modalities: ['text', 'image'],
    parameterCount: null,
    releaseDate: '2024-03-04',
    releaseLevel: ReleaseLevel.CLOUD_API,
    gated: false,
    licenseName: 'Proprietary',
    licenseUrl: ANTHROPIC_TERMS,
    licenseKind: LicenseKind.PROPRIETARY_TERMS,
    obligations: ANTHROPIC_OBLIGATIONS,
    trainingDataOpenness: TrainingDataOpenness.UNKNOWN,
    hostingOptions: [HostingOption.VENDOR_API],
    languages: [],
    fineTuning: [FineTuningAvailability.PROVIDER_API],
    sources: [
      s('licenseName', ANTHROPIC_TERMS, 'Anthropic Commercial Terms of Service govern API access.'),
      s(
        'obligations',
        ANTHROPIC_TERMS_ANALYSIS,
        'Customers cannot use the API to build a competing AI product or train rival models.',
      ),
      s(
        'releaseDate',
        'https://aiwiki.ai/wiki/claude_3',
        'Claude 3 family (Haiku, Sonnet, Opus) announced March 4, 2024; Haiku became available after the announcement.',
      ),
      s(
        'modalities',
        'https://console.cloud.google.com/vertex-ai/publishers/anthropic/model-garden/claude-3-haiku',
        'Vision and text model: processes images and returns text.',
      ),
      s(
        'releaseLevel',
        'https://console.cloud.google.com/vertex-ai/publishers/anthropic/model-garden/claude-3-haiku',
        'Managed API model.',
      ),
      s(
        'hostingOptions',
        'https://console.cloud.google.com/vertex-ai/publishers/anthropic/model-garden/claude-3-haiku',
        'Anthropic API, also Vertex AI and Amazon Bedrock.',
      ),
      s(
        'fineTuning',
        'https://anthropic.com/news/fine-tune-claude-3-haiku-ga',
        'Fine-tuning for Claude 3 Haiku generally available through Amazon Bedrock (not the Anthropic API itself).',
      ),
    ],
  },
];
