import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';

/** The three kinds of artefact the framework distinguishes; each needs a licence suited to its kind. */
export type MofContentType = 'code' | 'data' | 'document';

/** MOF class number: 1 = Class I (Open Science, best), 2 = Class II (Open Tooling), 3 = Class III (Open Model). */
export type MofClassNumber = 1 | 2 | 3;

/** One component of the Model Openness Framework. */
export interface MofComponentDefinition {
  /** Stable id used by the Model Openness Tool (e.g. 10 = final parameters, 11 = technical report). */
  readonly id: number;
  /** Exact name a MOT record uses to list the component. */
  readonly name: string;
  readonly contentType: MofContentType;
  /** The class that first asks for the component; every better class asks for it too. */
  readonly class: MofClassNumber;
  /** Optional components are listed by the framework but never block a class. */
  readonly required: boolean;
}

/** Ids of the components the classifier and the OSAID/release-level rules refer to by meaning. */
export const MOF_COMPONENT_IDS = {
  TRAINING_CODE: 7,
  INFERENCE_CODE: 8,
  MODEL_ARCHITECTURE: 9,
  MODEL_PARAMETERS_FINAL: 10,
  TECHNICAL_REPORT: 11,
  EVALUATION_RESULTS: 12,
  MODEL_CARD: 13,
  DATA_CARD: 14,
  DATASETS: 15,
  DATA_PREPROCESSING_CODE: 16,
  MODEL_METADATA: 17,
  EVALUATION_CODE: 18,
  EVALUATION_DATA: 19,
  SAMPLE_MODEL_OUTPUTS: 20,
  RESEARCH_PAPER: 21,
  SUPPORTING_LIBRARIES_AND_TOOLS: 22,
  MODEL_PARAMETERS_INTERMEDIATE: 24,
} as const;

const c = (
  id: number,
  name: string,
  contentType: MofContentType,
  cls: MofClassNumber,
  required: boolean,
): MofComponentDefinition => Object.freeze({ id, name, contentType, class: cls, required });

/**
 * The 17 components of the Model Openness Framework 1.0, LF AI & Data (framework facts, not tool data),
 * in the order the Model Openness Tool lists them. Used when no copy of the tool's data folder is
 * available; a unit test checks that it equals what `mof.settings.yml` says.
 */
export const MOF_COMPONENTS: readonly MofComponentDefinition[] = Object.freeze([
  c(15, 'Datasets', 'data', 1, true),
  c(16, 'Data preprocessing code', 'code', 1, true),
  c(9, 'Model architecture', 'code', 3, true),
  c(10, 'Model parameters (Final)', 'data', 3, true),
  c(17, 'Model metadata', 'data', 1, false),
  c(24, 'Model parameters (Intermediate)', 'data', 1, true),
  c(7, 'Training code', 'code', 2, true),
  c(8, 'Inference code', 'code', 2, true),
  c(18, 'Evaluation code', 'code', 2, true),
  c(19, 'Evaluation data', 'data', 2, true),
  c(12, 'Evaluation results', 'document', 3, true),
  c(22, 'Supporting libraries and tools', 'code', 2, false),
  c(13, 'Model card', 'document', 3, true),
  c(14, 'Data card', 'document', 3, true),
  c(11, 'Technical report', 'document', 3, true),
  c(21, 'Research paper', 'document', 1, true),
  c(20, 'Sample model outputs', 'document', 3, false),
]);

/** Settings files are a few KiB; anything far larger is not a settings file. */
const MAX_SETTINGS_BYTES = 256 * 1024;
const CONTENT_TYPES: readonly string[] = ['code', 'data', 'document'];

/**
 * Reads the framework's component definitions from `<dir>/mof.settings.yml` (the tool's own file, so a
 * deployment that updates its copy of the tool's data gets the update without a code change).
 *
 * @throws Error naming the file and the offending entry when the file is missing or malformed.
 */
export function loadMofComponents(dir: string): MofComponentDefinition[] {
  const file = join(dir, 'mof.settings.yml');
  return parseMofSettings(readFileSync(file, 'utf8'), file);
}

/** Parses and validates the text of a `mof.settings.yml` file; `source` only labels error messages. */
export function parseMofSettings(text: string, source = 'mof.settings.yml'): MofComponentDefinition[] {
  if (Buffer.byteLength(text, 'utf8') > MAX_SETTINGS_BYTES) {
    throw new Error(`${source}: larger than ${MAX_SETTINGS_BYTES} bytes`);
  }
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  if (!Array.isArray(docs) || docs.length !== 1) throw new Error(`${source}: expected exactly one YAML document`);
  const [doc] = docs;
  if (doc.errors.length > 0) {
    const line = lineCounter.linePos(doc.errors[0].pos[0]).line;
    throw new Error(`${source}: YAML error at line ${line}: ${doc.errors[0].message}`);
  }
  // Settings never need aliases; refusing them keeps entity-expansion tricks out.
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 0 });
  } catch (e) {
    throw new Error(`${source}: ${(e as Error).message}`, { cause: e });
  }
  const list = isObject(data) ? data.components : undefined;
  if (!Array.isArray(list)) throw new Error(`${source}: "components" must be a list`);

  const seen = new Set<number>();
  return list.map((entry: unknown, i) => {
    const where = `${source}: components[${i}]`;
    if (!isObject(entry)) throw new Error(`${where} must be a mapping`);
    const { id, name, content_type: contentType, class: cls, required } = entry;
    if (typeof id !== 'number' || !Number.isInteger(id)) throw new Error(`${where}.id must be an integer`);
    if (seen.has(id)) throw new Error(`${where}.id ${id} is listed twice`);
    seen.add(id);
    if (typeof name !== 'string' || name.trim() === '') throw new Error(`${where}.name must be a string`);
    if (typeof contentType !== 'string' || !CONTENT_TYPES.includes(contentType)) {
      throw new Error(`${where}.content_type must be one of ${CONTENT_TYPES.join(', ')}`);
    }
    if (cls !== 1 && cls !== 2 && cls !== 3) throw new Error(`${where}.class must be 1, 2 or 3`);
    if (typeof required !== 'boolean') throw new Error(`${where}.required must be true or false`);
    return c(id, name.trim(), contentType as MofContentType, cls, required);
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
