import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Fieldset,
  Group,
  Loader,
  NumberInput,
  Select,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { type CombinedError, useClient, useMutation, useQuery } from 'urql';
import { ModelSelect, type ModelChoice } from '../../components/request/ModelSelect';
import {
  ADAPTATION,
  CONNECTIVITY,
  DATA_SENSITIVITY,
  DEPLOYMENT_MODE,
  HARDWARE,
  options,
  SECTOR,
  WEIGHTS,
} from '../../components/request/requestLabels';
import { graphql } from '../../gql';
import type {
  Connectivity,
  CreateAdoptionRequestInput,
  DataSensitivity,
  HardwareProfile,
  HostingOption,
  IntendedAdaptation,
  RequesterFormRequestQuery,
  Sector,
  UpdateAdoptionRequestInput,
} from '../../gql/graphql';
import { ActionError, fieldErrors, inputErrors, QueryError, refusedInputs } from '../../lib/errors';

const FORM_REQUEST = graphql(`
  query RequesterFormRequest($id: ID!) {
    adoptionRequest(id: $id) {
      id
      reference
      title
      version
      status
      useCase
      affectedPopulation
      sector
      dataSensitivity
      deploymentMode
      connectivity
      dataResidency
      languages
      expectedUsers
      publicFacing
      intendedAdaptation
      hardware
      justification
      alternatives {
        modelId
        name
        reason
      }
      model {
        id
        name
        producer
        weightsAccess
        hostingOptions
        languages
      }
      viewerCan {
        edit
      }
      viewerCannot {
        operation
        reason
      }
    }
  }
`);

const FORM_MODEL = graphql(`
  query RequesterFormModel($id: ID!) {
    aiModel(id: $id) {
      id
      name
      producer
      weightsAccess
      hostingOptions
      languages
    }
  }
`);

const CREATE = graphql(`
  mutation RequesterCreateRequest($input: CreateAdoptionRequestInput!) {
    createAdoptionRequest(input: $input) {
      __typename
      ... on AdoptionRequest {
        id
        version
      }
      ...Refusal
    }
  }
`);

const UPDATE = graphql(`
  mutation RequesterUpdateRequest($id: ID!, $expectedVersion: Int!, $input: UpdateAdoptionRequestInput!) {
    updateAdoptionRequest(id: $id, expectedVersion: $expectedVersion, input: $input) {
      __typename
      ... on AdoptionRequest {
        id
        version
      }
      ...Refusal
    }
  }
`);

interface Alternative {
  modelId: string | null;
  name: string;
  reason: string;
}

/** The form's answers, as the inputs hold them ('' for a text not given, null for a choice not made). */
interface Values {
  title: string;
  modelId: string | null;
  useCase: string;
  affectedPopulation: string;
  sector: Sector | null;
  dataSensitivity: DataSensitivity | null;
  deploymentMode: HostingOption | null;
  connectivity: Connectivity | null;
  dataResidency: string[];
  languages: string[];
  expectedUsers: number | null;
  publicFacing: boolean | null;
  intendedAdaptation: IntendedAdaptation | null;
  hardware: HardwareProfile | null;
  justification: string;
  alternatives: Alternative[];
}

const EMPTY: Values = {
  title: '',
  modelId: null,
  useCase: '',
  affectedPopulation: '',
  sector: null,
  dataSensitivity: null,
  deploymentMode: null,
  connectivity: null,
  dataResidency: [],
  languages: [],
  expectedUsers: null,
  publicFacing: null,
  intendedAdaptation: null,
  hardware: null,
  justification: '',
  alternatives: [],
};

/** Field names and their labels, in the order of the form (BAD_USER_INPUT messages start with the name). */
const LABELS: Record<keyof Values, string> = {
  title: 'Title',
  modelId: 'Model',
  useCase: 'What the model will be used for',
  affectedPopulation: 'Who is affected',
  sector: 'Sector',
  dataSensitivity: 'Most sensitive data it will see',
  publicFacing: 'Used by the public',
  expectedUsers: 'Expected users',
  languages: 'Languages',
  deploymentMode: 'How it will run',
  connectivity: 'Internet connection where it is used',
  dataResidency: 'Where the data may be processed',
  hardware: 'Hardware available to run it',
  intendedAdaptation: 'How you will adapt it',
  justification: 'Why this model',
  alternatives: 'Alternatives considered',
};
const FIELDS = Object.keys(LABELS) as Array<keyof Values>;

type Loaded = RequesterFormRequestQuery['adoptionRequest'];

function fromRequest(r: Loaded): Values {
  return {
    title: r.title,
    modelId: r.model.id,
    useCase: r.useCase ?? '',
    affectedPopulation: r.affectedPopulation ?? '',
    sector: r.sector ?? null,
    dataSensitivity: r.dataSensitivity ?? null,
    deploymentMode: r.deploymentMode ?? null,
    connectivity: r.connectivity ?? null,
    dataResidency: [...r.dataResidency],
    languages: [...r.languages],
    expectedUsers: r.expectedUsers ?? null,
    publicFacing: r.publicFacing ?? null,
    intendedAdaptation: r.intendedAdaptation ?? null,
    hardware: r.hardware ?? null,
    justification: r.justification ?? '',
    alternatives: r.alternatives.map((a) => ({ modelId: a.modelId ?? null, name: a.name, reason: a.reason })),
  };
}

/** The value the API takes for a field: '' becomes null (not given), alternatives without a name are dropped. */
function toInput(v: Values, key: keyof Values): unknown {
  const value = v[key];
  if (key === 'title') return (value as string).trim();
  if (key === 'alternatives')
    return (value as Alternative[])
      .filter((a) => a.name.trim() || a.reason.trim())
      .map((a) => ({ modelId: a.modelId, name: a.name.trim(), reason: a.reason.trim() }));
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  return value;
}

/**
 * The argument checks the API makes before anything runs (BAD_USER_INPUT with each refused input in
 * `extensions.fieldErrors`: "title must be 3 to 200 characters") by the field each concerns, worded with the
 * form's label, to show beside it; what no field of the form shows stays in `rest`.
 */
function inputProblems(error: CombinedError | undefined): { byField: Record<string, string>; rest: string[] } {
  const byField: Record<string, string> = {};
  const rest: string[] = [];
  for (const [path, message] of Object.entries(inputErrors(error))) {
    const name = /^[A-Za-z]+/.exec(path)?.[0] as keyof Values | undefined;
    if (name && FIELDS.includes(name)) {
      const text = message.startsWith(name) ? `${LABELS[name]}${message.slice(name.length)}` : message;
      byField[name] = byField[name] ? `${byField[name]}; ${text}` : text;
    } else rest.push(message);
  }
  // Any other failure (not one naming the inputs it refused) is said beside the action.
  for (const e of error?.graphQLErrors ?? []) if (refusedInputs(e).length === 0) rest.push(e.message);
  return { byField, rest };
}

/** Create (/requests/new, ?modelId=) or edit (/requests/:id/edit) a request. */
export default function RequestFormPage() {
  const { id } = useParams();
  const [params] = useSearchParams();
  const client = useClient();
  const [result] = useQuery({ query: FORM_REQUEST, variables: { id: id ?? '' }, pause: !id });
  const presetModelId = !id ? params.get('modelId') : null;
  const [preset] = useQuery({ query: FORM_MODEL, variables: { id: presetModelId ?? '' }, pause: !presetModelId });
  // After a concurrent change the user reloads: the form starts again from the request as it is now.
  const [fresh, setFresh] = useState<{ request: Loaded; n: number } | null>(null);
  const request = fresh?.request ?? result.data?.adoptionRequest;

  if (id && result.error) return <QueryError error={result.error} what="the request" />;
  if (id && !request) return <Loader aria-label="Loading the request" />;
  if (presetModelId && preset.fetching) return <Loader aria-label="Loading the model" />;
  return (
    <RequestForm
      key={`${id ?? 'new'}-${fresh?.n ?? 0}`}
      id={id}
      request={request ?? null}
      presetModel={preset.data?.aiModel ?? null}
      onReload={async () => {
        const res = await client.query(FORM_REQUEST, { id: id! }, { requestPolicy: 'network-only' }).toPromise();
        if (res.data) setFresh({ request: res.data.adoptionRequest, n: (fresh?.n ?? 0) + 1 });
      }}
    />
  );
}

function RequestForm({
  id,
  request,
  presetModel,
  onReload,
}: {
  id: string | undefined;
  request: Loaded | null;
  presetModel: ModelChoice | null;
  onReload: () => void;
}) {
  const navigate = useNavigate();
  const [initial] = useState<Values>(() =>
    request ? fromRequest(request) : { ...EMPTY, modelId: presetModel?.id ?? null },
  );
  const [values, setValues] = useState<Values>(initial);
  const [model, setModel] = useState<ModelChoice | null>(request?.model ?? presetModel);
  const loadedVersion = request?.version ?? null;
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const [created, create] = useMutation(CREATE);
  const [updated, update] = useMutation(UPDATE);
  const outcome = id ? updated : created;
  const answer = id ? updated.data?.updateAdoptionRequest : created.data?.createAdoptionRequest;

  // A refusal's message stays beside its field until the user changes that answer.
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());
  const set = <K extends keyof Values>(key: K, value: Values[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    if (!edited.has(key)) setEdited(new Set([...edited, key]));
  };
  const apiErrors = fieldErrors(answer, 'input.');
  const argErrors = inputProblems(outcome.error);
  const errorOf = (key: keyof Values) =>
    edited.has(key) ? undefined : (clientErrors[key] ?? argErrors.byField[key] ?? apiErrors[key]);
  const pendingArgErrors = Object.keys(argErrors.byField).filter((k) => !edited.has(k));
  const busy = outcome.fetching;

  async function save(e: FormEvent) {
    e.preventDefault();
    setEdited(new Set());
    if (!values.modelId) {
      setClientErrors({ modelId: 'Choose the model you want to use (you can compare others later).' });
      return;
    }
    setClientErrors({});
    if (!id) {
      const input: Record<string, unknown> = {};
      for (const key of FIELDS) {
        const value = toInput(values, key);
        if (value !== null && !(Array.isArray(value) && value.length === 0)) input[key] = value;
      }
      input.title = toInput(values, 'title');
      const res = await create({ input: input as unknown as CreateAdoptionRequestInput });
      const r = res.data?.createAdoptionRequest;
      if (r?.__typename === 'AdoptionRequest') navigate(`/requests/${r.id}`);
      return;
    }
    const input: Record<string, unknown> = {};
    for (const key of FIELDS) {
      const now = toInput(values, key);
      if (JSON.stringify(now) !== JSON.stringify(toInput(initial, key))) input[key] = now;
    }
    if (Object.keys(input).length === 0) {
      navigate(`/requests/${id}`);
      return;
    }
    const res = await update({ id, expectedVersion: loadedVersion!, input: input as UpdateAdoptionRequestInput });
    const r = res.data?.updateAdoptionRequest;
    if (r?.__typename === 'AdoptionRequest') navigate(`/requests/${r.id}`);
  }

  const cannotEdit = request && !request.viewerCan.edit;
  const conflict = answer?.__typename === 'ConcurrentModificationError';
  const modelNote = model ? describeModel(model) : null;

  return (
    <Stack maw={860}>
      <Title order={1}>{request ? `Edit ${request.reference}: ${request.title}` : 'New request'}</Title>
      <Text>
        Describe what you want to do with an AI model. Your answers decide which risks apply, whether an open-weights
        model you run yourself or a closed model behind a vendor&apos;s API fits better, and who must approve. You can
        save a draft with only a title and a model, compare options, and submit when it is complete.
      </Text>
      {cannotEdit && (
        <Alert color="yellow" title="This request cannot be edited now" role="status">
          {request.viewerCannot.find((c) => c.operation === 'edit')?.reason ??
            'Only drafts and requests sent back for changes can be edited.'}
        </Alert>
      )}
      <form onSubmit={save} aria-label={request ? 'Edit request' : 'New request'} noValidate>
        <Stack gap="lg">
          <Fieldset
            legend={
              <Title order={2} size="h3">
                The use
              </Title>
            }
          >
            <Stack>
              <TextInput
                label={LABELS.title}
                withAsterisk
                description="A short name reviewers will recognise, e.g. “Maternal health assistant in Swahili”."
                value={values.title}
                onChange={(e) => set('title', e.currentTarget.value)}
                error={errorOf('title')}
                maxLength={200}
              />
              <ModelSelect
                label={LABELS.modelId}
                withAsterisk
                description={
                  <>
                    The model you propose. Open-weights models can be downloaded and run on your own servers or devices;
                    closed models are only reachable through the vendor&apos;s service. You can compare it with others
                    before submitting.
                    {modelNote && (
                      <>
                        <br />
                        {modelNote}
                      </>
                    )}
                  </>
                }
                value={values.modelId}
                selected={model}
                onChange={(m) => {
                  setModel(m);
                  set('modelId', m?.id ?? null);
                }}
                error={errorOf('modelId')}
              />
              <Textarea
                label={LABELS.useCase}
                description="What people will do with it, in a few sentences. Reviewers judge misuse, made-up answers and the EU AI Act class from this."
                autosize
                minRows={3}
                value={values.useCase}
                onChange={(e) => set('useCase', e.currentTarget.value)}
                error={errorOf('useCase')}
              />
              <Select
                label={LABELS.sector}
                description="Health, education and humanitarian uses carry more weight: mistakes reach people who depend on the service."
                data={options(SECTOR)}
                value={values.sector}
                onChange={(v) => set('sector', v as Sector | null)}
                clearable
                error={errorOf('sector')}
              />
              <Select
                label={LABELS.intendedAdaptation}
                description="Fine-tuning needs either the weights (open models) or a fine-tuning service from the vendor; retrieval and prompting work with any model."
                data={options(ADAPTATION)}
                value={values.intendedAdaptation}
                onChange={(v) => set('intendedAdaptation', v as IntendedAdaptation | null)}
                clearable
                error={errorOf('intendedAdaptation')}
              />
            </Stack>
          </Fieldset>

          <Fieldset
            legend={
              <Title order={2} size="h3">
                People and data
              </Title>
            }
          >
            <Stack>
              <Textarea
                label={LABELS.affectedPopulation}
                description="Who uses it and who its answers affect (e.g. community health workers and the mothers they advise)."
                autosize
                minRows={2}
                value={values.affectedPopulation}
                onChange={(e) => set('affectedPopulation', e.currentTarget.value)}
                error={errorOf('affectedPopulation')}
              />
              <Select
                label={LABELS.dataSensitivity}
                description="With a closed model, everything you send goes to the vendor; personal, sensitive or children's data then needs a contract and a lawful transfer. A model you run yourself keeps it in your hands."
                data={options(DATA_SENSITIVITY)}
                value={values.dataSensitivity}
                onChange={(v) => set('dataSensitivity', v as DataSensitivity | null)}
                clearable
                error={errorOf('dataSensitivity')}
              />
              <Select
                label={LABELS.publicFacing}
                description="Answers shown directly to the public need stronger safeguards; a closed vendor filters some misuse, with an open model you run that is your job."
                data={[
                  { value: 'yes', label: 'Yes: members of the public use it' },
                  { value: 'no', label: 'No: only our staff or partners' },
                ]}
                value={values.publicFacing === null ? null : values.publicFacing ? 'yes' : 'no'}
                onChange={(v) => set('publicFacing', v === null ? null : v === 'yes')}
                clearable
                error={errorOf('publicFacing')}
              />
              <NumberInput
                label={LABELS.expectedUsers}
                description="Roughly how many people will use it. Some open licences limit very large user numbers; with a vendor API the cost grows with use."
                min={0}
                thousandSeparator=","
                allowDecimal={false}
                allowNegative={false}
                value={values.expectedUsers ?? ''}
                onChange={(v) => set('expectedUsers', typeof v === 'number' ? v : v === '' ? null : Number(v))}
                error={errorOf('expectedUsers')}
              />
              <TagsInput
                label={LABELS.languages}
                description="Language codes (e.g. sw, ha, pt-BR), the main language first; press Enter after each. A model that does not cover your users' language answers them worse; open models can be adapted to a local language, closed ones only if the vendor does it."
                value={values.languages}
                onChange={(v) => set('languages', v)}
                error={errorOf('languages')}
                clearable
              />
            </Stack>
          </Fieldset>

          <Fieldset
            legend={
              <Title order={2} size="h3">
                Where and how it runs
              </Title>
            }
          >
            <Stack>
              <Select
                label={LABELS.deploymentMode}
                description="A vendor's API is quick to start but the data leaves your organisation and the vendor can change or retire the model. Self-hosting or running on the device needs open weights and your own hardware, but keeps data and the model under your control."
                data={options(DEPLOYMENT_MODE)}
                value={values.deploymentMode}
                onChange={(v) => set('deploymentMode', v as HostingOption | null)}
                clearable
                error={errorOf('deploymentMode')}
              />
              <Select
                label={LABELS.connectivity}
                description="A closed model behind an API needs the internet for every answer. Where the connection drops or there is none, only open weights running locally keep working."
                data={options(CONNECTIVITY)}
                value={values.connectivity}
                onChange={(v) => set('connectivity', v as Connectivity | null)}
                clearable
                error={errorOf('connectivity')}
              />
              <TagsInput
                label={LABELS.dataResidency}
                description="Country codes (KE, DE), EU or EEA, or ANY; press Enter after each. A closed API processes data where the vendor runs it; only open weights can be run in-country or offline."
                value={values.dataResidency}
                onChange={(v) =>
                  set(
                    'dataResidency',
                    v.map((c) => c.toUpperCase()),
                  )
                }
                error={errorOf('dataResidency')}
                clearable
              />
              <Select
                label={LABELS.hardware}
                description="Running a model yourself needs enough memory for its weights: small open models fit one graphics card, large ones need data-centre GPUs. With a vendor's API you need no hardware of your own."
                data={options(HARDWARE)}
                value={values.hardware}
                onChange={(v) => set('hardware', v as HardwareProfile | null)}
                clearable
                error={errorOf('hardware')}
              />
            </Stack>
          </Fieldset>

          <Fieldset
            legend={
              <Title order={2} size="h3">
                Why this model
              </Title>
            }
          >
            <Stack>
              <Textarea
                label={LABELS.justification}
                description="The problem it solves and why this model rather than none, or another."
                autosize
                minRows={3}
                value={values.justification}
                onChange={(e) => set('justification', e.currentTarget.value)}
                error={errorOf('justification')}
              />
              <Stack gap="xs">
                <Text fw={500} size="sm" id="alternatives-label">
                  {LABELS.alternatives}
                </Text>
                <Text size="xs" c="dimmed" id="alternatives-help">
                  Other models you looked at and why you did not choose them, e.g. an open model you could run yourself
                  instead of a closed one. Reviewers ask this first.
                </Text>
                {values.alternatives.map((a, n) => (
                  <Group key={n} align="flex-end" wrap="nowrap">
                    <TextInput
                      label={`Alternative ${n + 1}: model`}
                      value={a.name}
                      onChange={(e) => {
                        const name = e.currentTarget.value;
                        set(
                          'alternatives',
                          values.alternatives.map((x, i) => (i === n ? { ...x, name } : x)),
                        );
                      }}
                      style={{ flex: 1 }}
                    />
                    <TextInput
                      label={`Alternative ${n + 1}: why not`}
                      value={a.reason}
                      onChange={(e) => {
                        const reason = e.currentTarget.value;
                        set(
                          'alternatives',
                          values.alternatives.map((x, i) => (i === n ? { ...x, reason } : x)),
                        );
                      }}
                      style={{ flex: 2 }}
                    />
                    <ActionIcon
                      variant="default"
                      size="lg"
                      aria-label={`Remove alternative ${n + 1}`}
                      onClick={() =>
                        set(
                          'alternatives',
                          values.alternatives.filter((_, i) => i !== n),
                        )
                      }
                    >
                      ×
                    </ActionIcon>
                  </Group>
                ))}
                {errorOf('alternatives') && (
                  <Text size="sm" c="red" role="alert">
                    {errorOf('alternatives')}
                  </Text>
                )}
                <Group>
                  <Button
                    variant="default"
                    size="xs"
                    aria-describedby="alternatives-help"
                    onClick={() =>
                      set('alternatives', [...values.alternatives, { modelId: null, name: '', reason: '' }])
                    }
                  >
                    Add an alternative
                  </Button>
                </Group>
              </Stack>
            </Stack>
          </Fieldset>

          {conflict && (
            <Alert color="yellow" title="Someone else changed this request" role="alert">
              <Text size="sm">
                {answer.message} Reload it to see the latest answers; what you typed here since will be replaced.
              </Text>
              <Button mt="sm" size="xs" variant="default" onClick={onReload}>
                Reload the request
              </Button>
            </Alert>
          )}
          {!conflict && <ActionError result={answer} title="Not saved" prefix="input." shownFields={FIELDS} />}
          {argErrors.rest.length > 0 && (
            <Alert color="red" title="Not saved" role="alert">
              {argErrors.rest.join('; ')}
            </Alert>
          )}
          {pendingArgErrors.length > 0 && (
            <Alert color="red" title="Not saved" role="alert">
              Some answers need correcting: see the messages beside the fields.
            </Alert>
          )}
          {outcome.error && isNetworkOnly(outcome.error) && <ActionError error={outcome.error} title="Not saved" />}
          <Group>
            <Button type="submit" loading={busy} disabled={!!cannotEdit}>
              {request ? 'Save changes' : 'Save draft'}
            </Button>
            <Anchor component={Link} to={id ? `/requests/${id}` : '/requests'}>
              Cancel
            </Anchor>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

function isNetworkOnly(error: CombinedError) {
  return error.graphQLErrors.length === 0;
}

/** What the chosen model allows, in words (weights, how it is offered, languages). */
function describeModel(m: ModelChoice): string {
  const offered = m.hostingOptions.length
    ? `offered ${m.hostingOptions.map((h) => DEPLOYMENT_MODE[h].split(' (')[0].toLowerCase()).join(', ')}`
    : 'how it is offered is not recorded';
  const languages = m.languages.length
    ? `languages: ${m.languages.slice(0, 12).join(', ')}${m.languages.length > 12 ? '…' : ''}`
    : 'languages not documented';
  return `${m.name}: ${WEIGHTS[m.weightsAccess]}, ${offered}; ${languages}.`;
}
