import { AssessmentItem } from './risk-assessment.entity';

type ScoredField = 'likelihood' | 'impact' | 'residualLikelihood' | 'residualImpact';

/** The four scored values of an item, in the order an assessor reads them, with their names in messages. */
const SCORED: ReadonlyArray<readonly [ScoredField, string]> = [
  ['likelihood', 'likelihood'],
  ['impact', 'impact'],
  ['residualLikelihood', 'residual likelihood'],
  ['residualImpact', 'residual impact'],
];

/** One scored value where the assessor's item differs from the automatic one. */
export interface Departure {
  field: ScoredField;
  /** The value's name as a message says it ("residual impact"). */
  label: string;
  sent: number;
  automatic: number;
}

/** The scored values (inherent, then residual) in which `sent` differs from the automatic item. */
export function departuresFromAuto(
  automatic: Pick<AssessmentItem, ScoredField>,
  sent: Pick<AssessmentItem, ScoredField>,
): Departure[] {
  return SCORED.filter(([field]) => sent[field] !== automatic[field]).map(([field, label]) => ({
    field,
    label,
    sent: sent[field],
    automatic: automatic[field],
  }));
}

/**
 * Why an item needs a justification, naming exactly the values that differ, each with the value sent and the
 * automatic one, e.g. `DATA_PROTECTION differs from the automatic assessment in residual likelihood (sent 2, automatic
 * 3) and residual impact (sent 1, automatic 4): say why in justification`.
 */
export function departureMessage(category: string, departures: readonly Departure[]): string {
  const parts = departures.map((d) => `${d.label} (sent ${d.sent}, automatic ${d.automatic})`);
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0];
  return `${category} differs from the automatic assessment in ${list}: say why in justification`;
}
