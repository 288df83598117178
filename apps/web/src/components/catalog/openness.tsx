import { Badge, type BadgeProps, Tooltip } from '@mantine/core';
import type {
  FineTuningAvailability,
  HostingOption,
  LicenseKind,
  MofClass,
  ObligationKind,
  ReleaseLevel,
  TrainingDataOpenness,
  WeightsAccess,
} from '../../gql/graphql';

/**
 * Plain-language labels and explanations of a model's openness facts, for programme staff deciding between
 * open and closed models. Every badge carries its text: colour only repeats what the words say.
 */
export interface Term {
  label: string;
  /** What the value means for who can inspect, adapt and control the model. */
  explain: string;
  color: string;
}

export const WEIGHTS_ACCESS: Record<WeightsAccess, Term> = {
  OPEN: {
    label: 'Open weights',
    color: 'green',
    explain:
      'Anyone can download the weights and run them on their own computers: you can inspect, adapt and keep using the model without the producer, but you also carry the responsibility for safe use.',
  },
  GATED: {
    label: 'Gated weights',
    color: 'yellow',
    explain:
      'The weights can be downloaded after accepting terms or being approved by the producer: you can run and adapt the model yourself once access is granted.',
  },
  CLOSED: {
    label: 'Closed weights',
    color: 'red',
    explain:
      'The weights are not released: the model can only be used through the producer’s service, which decides prices, changes and where data is processed.',
  },
  UNKNOWN: {
    label: 'Weights access unknown',
    color: 'gray',
    explain: 'The sources do not say whether the weights can be downloaded.',
  },
};

export const LICENSE_KIND: Record<LicenseKind, Term> = {
  OSI_APPROVED: {
    label: 'Open-source licence (OSI)',
    color: 'green',
    explain:
      'A licence approved by the Open Source Initiative: use, study, change and share for any purpose, usually with attribution only.',
  },
  OPEN_RAIL: {
    label: 'Open RAIL licence',
    color: 'teal',
    explain:
      'A responsible-AI licence: free to use and share, but certain uses are forbidden and the restrictions pass on to anything built from it.',
  },
  COMMUNITY_CUSTOM: {
    label: 'Custom community licence',
    color: 'yellow',
    explain:
      'The producer’s own licence: often free for most users but with conditions (user limits, acceptable-use rules) that need a legal reading.',
  },
  STANDARD_NON_OSI: {
    label: 'Standard licence, not open source',
    color: 'yellow',
    explain:
      'A known licence (for example a non-commercial Creative Commons licence) that does not meet the open-source definition.',
  },
  PROPRIETARY_TERMS: {
    label: 'Proprietary terms',
    color: 'red',
    explain: 'Terms of service of the producer: use is allowed only as the contract says, and the terms can change.',
  },
  UNKNOWN: {
    label: 'Licence unknown',
    color: 'gray',
    explain: 'No licence is recorded: ask before relying on the model.',
  },
};

export const MOF_CLASS: Record<MofClass, Term> = {
  CLASS_I: {
    label: 'MOF Class I · open science',
    color: 'green',
    explain:
      'Model Openness Framework Class I: weights, code, training data and research papers are all released under open licences; the model can be fully inspected and reproduced.',
  },
  CLASS_II: {
    label: 'MOF Class II · open tooling',
    color: 'teal',
    explain:
      'Model Openness Framework Class II: the weights plus the code to train, run and evaluate them are released openly, but not all training data.',
  },
  CLASS_III: {
    label: 'MOF Class III · open model',
    color: 'blue',
    explain:
      'Model Openness Framework Class III: the weights, model card and technical report are released openly; how it was trained cannot be fully checked.',
  },
  UNCLASSIFIED: {
    label: 'No MOF class',
    color: 'gray',
    explain:
      'The model does not meet even Class III of the Model Openness Framework: the weights or their documentation are not openly licensed.',
  },
};

export const RELEASE_LEVEL: Record<ReleaseLevel, string> = {
  FULLY_OPEN: 'Fully open release',
  DOWNLOADABLE: 'Downloadable',
  CLOUD_API: 'Cloud API only',
  HOSTED: 'Hosted access only',
  GRADUAL_STAGED: 'Gradual or staged release',
  FULLY_CLOSED: 'Fully closed',
  UNKNOWN: 'Unknown',
};

export const RELEASE_LEVEL_EXPLAIN =
  'How far the producer has released the model, from fully closed (internal use only) through hosted and API access to downloadable weights and a fully open release.';

export const HOSTING_OPTION: Record<HostingOption, string> = {
  SELF_HOSTED: 'Self-hosted',
  VENDOR_API: 'Vendor API',
  ON_DEVICE: 'On device',
};

export const HOSTING_OPTION_EXPLAIN: Record<HostingOption, string> = {
  SELF_HOSTED: 'Run on servers your organisation controls: data stays with you.',
  VENDOR_API: 'Used through a company’s online service: data is sent to that company.',
  ON_DEVICE: 'Small enough to run on a phone or laptop, also without internet.',
};

export const TRAINING_DATA: Record<TrainingDataOpenness, { label: string; explain: string }> = {
  OPEN: { label: 'Open', explain: 'The training data is released and can be examined.' },
  DOCUMENTED: { label: 'Documented', explain: 'The training data is described but not released.' },
  UNDISCLOSED: { label: 'Undisclosed', explain: 'The producer does not say what the model was trained on.' },
  UNKNOWN: { label: 'Unknown', explain: 'The sources say nothing about the training data.' },
};

export const OBLIGATION_KIND: Record<ObligationKind, string> = {
  ATTRIBUTION: 'Attribution required',
  ACCEPTABLE_USE_POLICY: 'Acceptable-use policy',
  NON_COMMERCIAL: 'Non-commercial use only',
  NO_TRAINING_OTHER_MODELS: 'No training of other models',
  SHARE_ALIKE: 'Share alike',
  USER_THRESHOLD: 'User threshold',
  OTHER: 'Other obligation',
};

export const FINE_TUNING: Record<FineTuningAvailability, string> = {
  WEIGHTS: 'On the weights (by you)',
  PROVIDER_API: 'Through the producer’s API',
  NONE: 'Not possible',
  UNKNOWN: 'Unknown',
};

/** Long labels wrap inside a narrow table cell rather than being cut off. */
const WRAP = {
  root: { height: 'auto', minHeight: 'var(--badge-height)', paddingBlock: 2 },
  label: { whiteSpace: 'normal', overflow: 'visible' },
} as const;

function TermBadge({ term, ...props }: { term: Term } & BadgeProps) {
  return (
    <Tooltip label={term.explain} multiline w={320} withArrow>
      {/* The dot variant keeps the text dark on a light background: readable whatever the colour. */}
      <Badge variant="dot" color={term.color} tt="none" radius="sm" styles={WRAP} {...props}>
        {term.label}
      </Badge>
    </Tooltip>
  );
}

export function WeightsAccessBadge({ value, ...props }: { value: WeightsAccess } & BadgeProps) {
  return <TermBadge term={WEIGHTS_ACCESS[value]} {...props} />;
}

export function LicenseKindBadge({ value, ...props }: { value: LicenseKind } & BadgeProps) {
  return <TermBadge term={LICENSE_KIND[value]} {...props} />;
}

export function MofClassBadge({ value, ...props }: { value: MofClass } & BadgeProps) {
  return <TermBadge term={MOF_CLASS[value]} {...props} />;
}

export function OsaidBadge({ conformant, ...props }: { conformant: boolean } & BadgeProps) {
  return (
    <TermBadge
      term={
        conformant
          ? {
              label: 'Open source AI (OSAID)',
              color: 'green',
              explain: 'Meets the Open Source AI Definition 1.0: free to use, study, modify and share.',
            }
          : {
              label: 'Not open source AI',
              color: 'gray',
              explain: 'Does not meet the Open Source AI Definition 1.0: some part is missing or not openly licensed.',
            }
      }
      {...props}
    />
  );
}

/** Options for a Select over one of the label maps, in the map's order. */
export function optionsOf<K extends string>(map: Record<K, Term | string>): Array<{ value: K; label: string }> {
  return (Object.keys(map) as K[]).map((value) => {
    const t = map[value];
    return { value, label: typeof t === 'string' ? t : t.label };
  });
}
