/**
 * Meta's Llama community licences (2, 3, 3.1, 3.2, 3.3 and 4): one entry each, with the user threshold,
 * acceptable-use policy, attribution and, for 3.2 and 4, the multimodal models withheld from EU licensees.
 */
import { duty, type KnownLicence, threshold } from './licence-duties';
import { LicenseKind, type LicenseObligation, ObligationKind } from './openness.types';

/** The monthly-active-user threshold of the Meta Llama and Databricks community licences. */
export const LLAMA_MONTHLY_ACTIVE_USERS = 700_000_000;

/** The Llama community licences' section 2: the licensee's monthly active users, not one use's users. */
const llamaThreshold = (version: string): LicenseObligation =>
  threshold(
    LLAMA_MONTHLY_ACTIVE_USERS,
    `Section 2: if the products or services of the licensee (or its affiliates) had more than 700 million monthly active users on the ${version} release date, a licence must be requested from Meta; no rights are granted until Meta grants it.`,
  );
const llamaAup = (version: string, url: string): LicenseObligation =>
  duty(ObligationKind.ACCEPTABLE_USE_POLICY, `Use must comply with the ${version} Acceptable Use Policy (${url}).`);
const llamaAttribution = (display: string, prefix: string): LicenseObligation =>
  duty(
    ObligationKind.ATTRIBUTION,
    `Redistributions carry the licence and the Notice file and prominently display "${display}"; a model trained or fine-tuned with the Llama Materials and distributed must have a name beginning with "${prefix}".`,
  );
/** The Llama 3.2 and Llama 4 use policies withhold the multimodal models' licence from EU-based licensees. */
const llamaEuMultimodal = (version: string, url: string): LicenseObligation =>
  duty(
    ObligationKind.OTHER,
    `${version} Acceptable Use Policy (${url}): for the multimodal models, the licence rights are not granted to an individual domiciled in, or a company with its principal place of business in, the European Union (end users of products that incorporate them are not affected).`,
  );

/** The Llama licences, newest names first where one name contains another. */
export const LLAMA_LICENCES: readonly KnownLicence[] = [
  {
    key: 'llama-2',
    name: 'Llama 2 Community License Agreement',
    pattern: /^(?:meta\s+)?llama[\s-]?2\b.*licen[cs]e/i,
    kind: LicenseKind.COMMUNITY_CUSTOM,
    obligations: [
      llamaThreshold('Llama 2'),
      llamaAup('Llama 2', 'https://ai.meta.com/llama/use-policy/'),
      duty(
        ObligationKind.ATTRIBUTION,
        'Redistributions carry the licence and the notice "Llama 2 is licensed under the LLAMA 2 Community License, Copyright (c) Meta Platforms, Inc. All Rights Reserved."',
      ),
      duty(
        ObligationKind.NO_TRAINING_OTHER_MODELS,
        'Section 1.b.v: the Llama Materials or their output must not be used to improve any other large language model (excluding Llama 2 or derivative works).',
      ),
    ],
    gated: true,
    url: 'https://github.com/meta-llama/llama/blob/main/LICENSE',
  },
  {
    key: 'llama-3.1',
    name: 'Llama 3.1 Community License Agreement',
    pattern: /^(?:meta\s+)?llama[\s-]?3\.1\b.*licen[cs]e/i,
    kind: LicenseKind.COMMUNITY_CUSTOM,
    obligations: [
      llamaThreshold('Llama 3.1'),
      llamaAup('Llama 3.1', 'https://llama.meta.com/llama3_1/use-policy'),
      llamaAttribution('Built with Llama', 'Llama'),
    ],
    gated: true,
    url: 'https://github.com/meta-llama/llama-models/blob/main/models/llama3_1/LICENSE',
  },
  {
    key: 'llama-3.2',
    name: 'Llama 3.2 Community License Agreement',
    pattern: /^(?:meta\s+)?llama[\s-]?3\.2\b.*licen[cs]e/i,
    kind: LicenseKind.COMMUNITY_CUSTOM,
    obligations: [
      llamaThreshold('Llama 3.2'),
      llamaAup('Llama 3.2', 'https://www.llama.com/llama3_2/use-policy'),
      llamaAttribution('Built with Llama', 'Llama'),
      llamaEuMultimodal('Llama 3.2', 'https://www.llama.com/llama3_2/use-policy'),
    ],
    gated: true,
    url: 'https://github.com/meta-llama/llama-models/blob/main/models/llama3_2/LICENSE',
  },
  {
    key: 'llama-3.3',
    name: 'Llama 3.3 Community License Agreement',
    pattern: /^(?:meta\s+)?llama[\s-]?3\.3\b.*licen[cs]e/i,
    kind: LicenseKind.COMMUNITY_CUSTOM,
    obligations: [
      llamaThreshold('Llama 3.3'),
      llamaAup('Llama 3.3', 'https://www.llama.com/llama3_3/use-policy'),
      llamaAttribution('Built with Llama', 'Llama'),
    ],
    gated: true,
    url: 'https://github.com/meta-llama/llama-models/blob/main/models/llama3_3/LICENSE',
  },
  {
    key: 'llama-3',
    name: 'Meta Llama 3 Community License Agreement',
    pattern: /^(?:meta\s+)?llama[\s-]?3\b(?!\.\d).*licen[cs]e/i,
    kind: LicenseKind.COMMUNITY_CUSTOM,
    obligations: [
      llamaThreshold('Meta Llama 3'),
      llamaAup('Meta Llama 3', 'https://llama.meta.com/llama3/use-policy'),
      llamaAttribution('Built with Meta Llama 3', 'Llama 3'),
      duty(
        ObligationKind.NO_TRAINING_OTHER_MODELS,
        'Section 1.b.v: the Llama Materials or their output must not be used to improve any other large language model (excluding Meta Llama 3 or derivative works).',
      ),
    ],
    gated: true,
    url: 'https://github.com/meta-llama/llama3/blob/main/LICENSE',
  },
  {
    key: 'llama-4',
    name: 'Llama 4 Community License Agreement',
    pattern: /^(?:meta\s+)?llama[\s-]?4\b.*licen[cs]e/i,
    kind: LicenseKind.COMMUNITY_CUSTOM,
    obligations: [
      llamaThreshold('Llama 4'),
      llamaAup('Llama 4', 'https://www.llama.com/llama4/use-policy/'),
      llamaAttribution('Built with Llama', 'Llama'),
      llamaEuMultimodal('Llama 4', 'https://www.llama.com/llama4/use-policy/'),
    ],
    gated: true,
    url: 'https://github.com/meta-llama/llama-models/blob/main/models/llama4/LICENSE',
  },
];
