import {
  Accordion,
  Button,
  Fieldset,
  Group,
  List,
  NativeSelect,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import type { EuAiActClass, RiskCategory, SaveRiskAssessmentInput } from '../../gql/graphql';
import { fieldErrors, inputErrors, isErrorResult } from '../../lib/errors';
import { Band, MARGINAL_STEPS } from './AssessmentView';
import { IMPACT_WORDS, LIKELIHOOD_WORDS, previewBand, Words } from './format';
import { Refusal } from './Refusal';
import type { ReviewRequestData } from './types';

const SAVE = graphql(`
  mutation ReviewSaveAssessment($id: ID!, $input: SaveRiskAssessmentInput!) {
    saveRiskAssessment(requestId: $id, input: $input) {
      __typename
      ... on AdoptionRequest {
        id
        version
        tier
      }
      ...Refusal
    }
  }
`);

type Assessment = NonNullable<ReviewRequestData['assessment']>;
type MarginalKey = (typeof MARGINAL_STEPS)[number][0];

interface Draft {
  likelihood: number;
  impact: number;
  residualLikelihood: number;
  residualImpact: number;
  rationale: string;
  mitigation: string;
  justification: string;
}

const EU_CLASSES: EuAiActClass[] = ['MINIMAL', 'LIMITED', 'HIGH', 'PROHIBITED'];
const SCALE = [1, 2, 3, 4, 5];

/** One axis of the 5×5 matrix as a group of five radio buttons, each with its number and its words. */
function Axis({
  label,
  value,
  onChange,
  names,
  error,
}: {
  label: string;
  value: number;
  onChange: (v: number) => void;
  names: string[];
  error?: string;
}) {
  return (
    <Radio.Group label={label} value={String(value)} onChange={(v) => onChange(Number(v))} error={error}>
      <Group gap="sm" mt={4}>
        {SCALE.map((n) => (
          <Radio key={n} value={String(n)} label={`${n} ${names[n - 1]}`} />
        ))}
      </Group>
    </Radio.Group>
  );
}

function Score({ likelihood, impact }: { likelihood: number; impact: number }) {
  return (
    <Group gap="xs">
      <Text size="sm">
        Score {likelihood} × {impact} = {likelihood * impact}
      </Text>
      <Band value={previewBand(likelihood, impact)} prefix="Band: " />
    </Group>
  );
}

/**
 * The reviewer's assessment: for each risk, likelihood and impact before and after mitigation (a 5×5 matrix,
 * one radio group per axis, with the band it reads), rationale, mitigation and the justification the API asks
 * for when values depart from the automatic ones; the marginal-risk analysis for open or gated weights with
 * high misuse risk; the EU AI Act class the reviewer confirms. The API checks everything on save and its
 * messages appear next to the fields they concern.
 */
export function AssessmentEditor({ request, onDone }: { request: ReviewRequestData; onDone: () => void }) {
  const assessment = request.assessment as Assessment;
  const [drafts, setDrafts] = useState<Record<string, Draft>>(() =>
    Object.fromEntries(
      assessment.items.map((i) => [
        i.category,
        {
          likelihood: i.likelihood,
          impact: i.impact,
          residualLikelihood: i.residualLikelihood,
          residualImpact: i.residualImpact,
          rationale: i.rationale,
          mitigation: i.mitigation,
          justification: i.justification ?? '',
        },
      ]),
    ),
  );
  const [marginal, setMarginal] = useState<Record<MarginalKey, string>>(
    () =>
      Object.fromEntries(MARGINAL_STEPS.map(([k]) => [k, assessment.marginalRisk?.[k] ?? ''])) as Record<
        MarginalKey,
        string
      >,
  );
  const [euClass, setEuClass] = useState<string>(assessment.euAiActClass ?? '');
  const [open, setOpen] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  const [result, save] = useMutation(SAVE);

  const order = assessment.items.map((i) => i.category);
  const answer = result.data?.saveRiskAssessment;
  const errors = { ...inputErrors(result.error), ...fieldErrors(answer, 'input.') };
  const itemError = (index: number, field: string) => errors[`items[${index}].${field}`];
  const shownFields = [
    ...order.flatMap((_, i) =>
      ['likelihood', 'impact', 'residualLikelihood', 'residualImpact', 'rationale', 'mitigation', 'justification'].map(
        (f) => `items[${i}].${f}`,
      ),
    ),
    ...MARGINAL_STEPS.map(([k]) => `marginalRisk.${k}`),
    'euAiActClass',
  ];

  const misuse = drafts.MISUSE;
  const openWeights = request.model.weightsAccess === 'OPEN' || request.model.weightsAccess === 'GATED';
  const misuseHigh = misuse ? ['HIGH', 'CRITICAL'].includes(previewBand(misuse.likelihood, misuse.impact)) : false;
  const marginalErrors = MARGINAL_STEPS.some(([k]) => errors[`marginalRisk.${k}`]);
  const marginalFilled = MARGINAL_STEPS.some(([k]) => marginal[k].trim());
  const showMarginal = (openWeights && misuseHigh) || marginalFilled || marginalErrors || !!assessment.marginalRisk;

  const update = (category: string, patch: Partial<Draft>) => {
    setSaved(false);
    setDrafts((d) => ({ ...d, [category]: { ...d[category], ...patch } }));
  };

  async function onSave() {
    setSaved(false);
    const input: SaveRiskAssessmentInput = {
      items: order.map((category) => {
        const d = drafts[category];
        return {
          category: category as RiskCategory,
          likelihood: d.likelihood,
          impact: d.impact,
          residualLikelihood: d.residualLikelihood,
          residualImpact: d.residualImpact,
          rationale: d.rationale,
          mitigation: d.mitigation,
          justification: d.justification.trim() ? d.justification : null,
        };
      }),
      ...(euClass ? { euAiActClass: euClass as EuAiActClass } : {}),
      ...(marginalFilled ? { marginalRisk: marginal } : {}),
    };
    const res = await save({ id: request.id, input });
    const out = res.data?.saveRiskAssessment;
    if (!res.error && out && !isErrorResult(out)) {
      setSaved(true);
      onDone();
      return;
    }
    // Open the items the refusal concerns, so that each message is seen next to its field.
    const concerned = new Set<string>();
    const keys = [...Object.keys(fieldErrors(out, 'input.')), ...Object.keys(inputErrors(res.error))];
    for (const k of keys) {
      const m = /^items\[(\d+)\]/.exec(k);
      if (m && order[Number(m[1])]) concerned.add(order[Number(m[1])]);
    }
    if (concerned.size) setOpen((o) => [...new Set([...o, ...concerned])]);
  }

  return (
    <Stack gap="sm">
      <Title order={2}>Assess the risks</Title>
      <Text size="sm">
        Open a risk to change it. Before mitigation is the risk as the use stands; after mitigation is what remains with
        the controls you record. The request’s tier is the highest band after mitigation. When you change values from
        the automatic ones, say why in the justification.
      </Text>
      <Accordion multiple value={open} onChange={setOpen} order={3} variant="contained">
        {assessment.items.map((item, index) => {
          const d = drafts[item.category];
          const hasError = shownFields.filter((f) => f.startsWith(`items[${index}].`)).some((f) => errors[f]);
          return (
            <Accordion.Item key={item.category} value={item.category}>
              <Accordion.Control>
                {Words(item.category)}: before {d.likelihood} × {d.impact}, after {d.residualLikelihood} ×{' '}
                {d.residualImpact} ({previewBand(d.residualLikelihood, d.residualImpact).toLowerCase()})
                {hasError ? ' — needs attention' : ''}
              </Accordion.Control>
              <Accordion.Panel>
                <Stack gap="sm">
                  <Text size="sm">NIST AI 600-1: {item.nistCategory}</Text>
                  {item.reasons.length > 0 && (
                    <div>
                      <Text size="sm" fw={600}>
                        Why the automatic pre-assessment scored it so
                      </Text>
                      <List size="sm">
                        {item.reasons.map((r) => (
                          <List.Item key={r.code}>{r.text}</List.Item>
                        ))}
                      </List>
                    </div>
                  )}
                  <SimpleGrid cols={{ base: 1, md: 2 }}>
                    <Fieldset legend="Before mitigation">
                      <Stack gap="xs">
                        <Axis
                          label="Likelihood"
                          value={d.likelihood}
                          names={LIKELIHOOD_WORDS}
                          onChange={(v) => update(item.category, { likelihood: v })}
                          error={itemError(index, 'likelihood')}
                        />
                        <Axis
                          label="Impact"
                          value={d.impact}
                          names={IMPACT_WORDS}
                          onChange={(v) => update(item.category, { impact: v })}
                          error={itemError(index, 'impact')}
                        />
                        <Score likelihood={d.likelihood} impact={d.impact} />
                      </Stack>
                    </Fieldset>
                    <Fieldset legend="After mitigation (residual)">
                      <Stack gap="xs">
                        <Axis
                          label="Residual likelihood"
                          value={d.residualLikelihood}
                          names={LIKELIHOOD_WORDS}
                          onChange={(v) => update(item.category, { residualLikelihood: v })}
                          error={itemError(index, 'residualLikelihood')}
                        />
                        <Axis
                          label="Residual impact"
                          value={d.residualImpact}
                          names={IMPACT_WORDS}
                          onChange={(v) => update(item.category, { residualImpact: v })}
                          error={itemError(index, 'residualImpact')}
                        />
                        <Score likelihood={d.residualLikelihood} impact={d.residualImpact} />
                      </Stack>
                    </Fieldset>
                  </SimpleGrid>
                  <Textarea
                    label="Rationale"
                    required
                    autosize
                    minRows={2}
                    value={d.rationale}
                    onChange={(e) => update(item.category, { rationale: e.currentTarget.value })}
                    error={itemError(index, 'rationale')}
                  />
                  <Textarea
                    label="Mitigation"
                    description="The controls that bring the risk down to its residual values."
                    autosize
                    minRows={2}
                    value={d.mitigation}
                    onChange={(e) => update(item.category, { mitigation: e.currentTarget.value })}
                    error={itemError(index, 'mitigation')}
                  />
                  <Textarea
                    label="Justification"
                    description="Needed when any value differs from the automatic one: why you scored it differently."
                    autosize
                    minRows={2}
                    value={d.justification}
                    onChange={(e) => update(item.category, { justification: e.currentTarget.value })}
                    error={itemError(index, 'justification')}
                  />
                  {itemError(index, 'category') && (
                    <Text size="sm" c="red.9" role="alert">
                      {itemError(index, 'category')}
                    </Text>
                  )}
                </Stack>
              </Accordion.Panel>
            </Accordion.Item>
          );
        })}
      </Accordion>

      {showMarginal ? (
        <Fieldset legend="Marginal-risk analysis (Kapoor et al. 2024)">
          <Text size="sm" mb="xs">
            Needed when the weights are open or gated and misuse is high or critical before mitigation: the organisation
            runs such weights itself, with no provider moderation in front of them. Answer each step; the review cannot
            be completed without them.
          </Text>
          <Stack gap="xs">
            {MARGINAL_STEPS.map(([key, label]) => (
              <Textarea
                key={key}
                label={label}
                autosize
                minRows={2}
                value={marginal[key]}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setSaved(false);
                  setMarginal((m) => ({ ...m, [key]: value }));
                }}
                error={errors[`marginalRisk.${key}`]}
              />
            ))}
          </Stack>
        </Fieldset>
      ) : (
        <Text size="sm">
          No marginal-risk analysis is asked for while misuse stays below high or the weights are closed.
        </Text>
      )}

      <NativeSelect
        label="EU AI Act class you confirm"
        description={
          request.euAiAct
            ? `The pre-screen says ${request.euAiAct.euAiActClass.toLowerCase()}; confirm or correct it.`
            : undefined
        }
        value={euClass}
        onChange={(e) => {
          setSaved(false);
          setEuClass(e.currentTarget.value);
        }}
        data={[{ value: '', label: 'Not confirmed yet' }, ...EU_CLASSES.map((c) => ({ value: c, label: Words(c) }))]}
        error={errors.euAiActClass}
        maw={360}
      />

      <Group>
        <Button loading={result.fetching} onClick={onSave}>
          Save assessment
        </Button>
        {saved && (
          <Text size="sm" role="status">
            Saved. The assessment above shows what was recorded.
          </Text>
        )}
      </Group>
      <Refusal
        result={answer}
        error={result.error}
        title="The assessment was not saved"
        shownFields={shownFields}
        prefix="input."
      />
    </Stack>
  );
}
