import { Document, isNode, isScalar, LineCounter, parseAllDocuments, visit } from 'yaml';
import { MOF_COMPONENTS } from './mof-settings';

/**
 * Largest record accepted, checked on the raw text before any parsing. The 273 records the Model Openness
 * Tool publishes are all under 5 KiB, so 256 KiB leaves ample room while bounding parse time and memory.
 */
export const MOT_RECORD_MAX_BYTES = 256 * 1024;

/**
 * Aliases (`*name`) accepted in one record. Real records use none; a handful is tolerated so a hand-written
 * record may reuse a licence block, but "billion laughs" documents (many nested aliases) are refused
 * before anything is expanded.
 */
export const MOT_RECORD_MAX_ALIASES = 8;

/** Why a MOT record was refused: `field` is a path such as `release.components[3].license`. */
export class MotRecordError extends Error {
  override readonly name = 'MotRecordError';

  constructor(
    /** What is wrong, without the field or line (those are in `message` too). */
    readonly reason: string,
    readonly field?: string,
    /** 1-based line of the offending YAML node, when it can be located. */
    readonly line?: number,
  ) {
    super(`${field ? `${field}: ` : ''}${reason}${line ? ` (line ${line})` : ''}`);
  }
}

/** The record-wide licences: by content type, and `distribution` for the release as a whole. */
export interface MotGlobalLicence {
  distribution: string | null;
  code: string | null;
  data: string | null;
  document: string | null;
}

/** One component a record lists. */
export interface MotComponent {
  /** Exact framework component name, e.g. `Model parameters (Final)`. */
  name: string;
  description: string | null;
  /**
   * The component's own licence. `undefined`: the key is absent, so the record's global licence applies;
   * `null`: the key is present but blank, which the tool's form explains as "leave blank if the component
   * is unlicensed"; `'unlicensed'`: explicitly without a licence. Both of the latter mean no fallback.
   */
  license: string | null | undefined;
  licensePath: string | null;
  componentPath: string | null;
}

/** A MOT model record, normalised: blank strings become `null`, numbers written for versions become text. */
export interface MotRecord {
  framework: { name: string; version: string; date: string | null };
  name: string;
  version: string | null;
  /** Release date as written (records use `YYYY-MM-DD`). */
  date: string | null;
  /** Modality as written, e.g. `language`, `code`, `multimodal`. */
  type: string | null;
  architecture: string | null;
  treatment: string | null;
  origin: string | null;
  /** May be blank (`''`) in published records, but the key must be present. */
  producer: string;
  contact: string | null;
  repository: string | null;
  huggingface: string | null;
  license: MotGlobalLicence;
  /** Where each global licence text can be found, when the record says. */
  licensePaths: MotGlobalLicence;
  components: MotComponent[];
}

/** Tuning knobs for {@link parseMotRecord}; defaults suit the tool's published records. */
export interface ParseMotRecordOptions {
  maxBytes?: number;
  /** Component names accepted; defaults to the MOF 1.0 components. */
  componentNames?: readonly string[];
}

type Path = readonly (string | number)[];
type Obj = Record<string, unknown>;

const FRAMEWORK_NAME = 'Model Openness Framework';
const LICENCE_SCOPES = ['distribution', 'code', 'data', 'document'] as const;

/**
 * Parses one record in the Model Openness Tool's YAML format and validates it against the tool's record
 * schema (`mof_schema.json`): `framework`, `release.name`, `release.license`, `release.producer` and
 * `release.components` are required, as there; every component must name a framework component, once.
 *
 * @throws MotRecordError for oversize input, YAML syntax errors (with line), multiple documents, alias
 * abuse, wrong types, missing required fields and unknown or repeated components.
 */
export function parseMotRecord(yamlText: string, options: ParseMotRecordOptions = {}): MotRecord {
  if (typeof yamlText !== 'string') throw new MotRecordError('record text must be a string');
  const maxBytes = options.maxBytes ?? MOT_RECORD_MAX_BYTES;
  // Measured before parsing so that an enormous document costs nothing but this count.
  const bytes = Buffer.byteLength(yamlText, 'utf8');
  if (bytes > maxBytes) throw new MotRecordError(`document is ${bytes} bytes, over the limit of ${maxBytes}`);

  const lineCounter = new LineCounter();
  const doc = parseSingleDocument(yamlText, lineCounter);
  const ctx = new Validator(doc, lineCounter, new Set(options.componentNames ?? MOF_COMPONENTS.map((c) => c.name)));

  let data: unknown;
  try {
    // Second line of defence behind the alias count: the library's own expansion limit.
    data = doc.toJS({ maxAliasCount: MOT_RECORD_MAX_ALIASES * 8 });
  } catch (e) {
    throw new MotRecordError(`YAML could not be resolved: ${(e as Error).message}`);
  }
  return ctx.record(data);
}

function parseSingleDocument(text: string, lineCounter: LineCounter): Document.Parsed {
  let docs: Document.Parsed[];
  try {
    // YAML 1.2 core schema: no implicit dates, no `<<` merge keys, duplicate keys are errors.
    docs = parseAllDocuments(text, {
      lineCounter,
      prettyErrors: false,
      uniqueKeys: true,
      schema: 'core',
    });
  } catch (e) {
    // The parser can only fail this way on pathological input (e.g. nesting deep enough to exhaust the stack).
    throw new MotRecordError(`YAML could not be parsed: ${(e as Error).message}`);
  }
  if (!Array.isArray(docs) || docs.length === 0) throw new MotRecordError('document is empty');
  for (const doc of docs) {
    const [error] = doc.errors;
    if (error) {
      const line = error.pos[0] >= 0 ? lineCounter.linePos(error.pos[0]).line : undefined;
      throw new MotRecordError(`YAML syntax error: ${error.message.split('\n')[0]}`, undefined, line);
    }
  }
  if (docs.length > 1) {
    // A stream of records would be ambiguous about which one is meant; the tool stores one per file.
    const line = lineCounter.linePos(docs[1].range[0]).line;
    throw new MotRecordError(
      `found ${docs.length} YAML documents; a record must be a single document`,
      undefined,
      line,
    );
  }
  const [doc] = docs;
  let aliases = 0;
  visit(doc, {
    Alias() {
      aliases += 1;
      return aliases > MOT_RECORD_MAX_ALIASES ? visit.BREAK : undefined;
    },
  });
  if (aliases > MOT_RECORD_MAX_ALIASES) {
    throw new MotRecordError(`too many YAML aliases (more than ${MOT_RECORD_MAX_ALIASES})`);
  }
  return doc;
}

/** Walks the plain JS value, reporting errors with the field path and the line of the YAML node. */
class Validator {
  private readonly seen = new Set<string>();

  constructor(
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
    private readonly componentNames: ReadonlySet<string>,
  ) {}

  record(data: unknown): MotRecord {
    const root = this.mapping(data, [], 'the record must be a YAML mapping');
    const framework = this.mapping(this.required(root, 'framework', []), ['framework']);
    const frameworkName = this.string(framework, 'name', ['framework'], true);
    if (frameworkName !== FRAMEWORK_NAME) this.fail(['framework', 'name'], `must be "${FRAMEWORK_NAME}"`);
    const release = this.mapping(this.required(root, 'release', []), ['release']);
    const r = ['release'];
    const name = this.string(release, 'name', r, true);
    if (name === null) this.fail([...r, 'name'], 'must not be blank');
    const components = this.required(release, 'components', r);
    if (!Array.isArray(components)) this.fail([...r, 'components'], 'must be a list');
    const { license, licensePaths } = this.globalLicence(this.required(release, 'license', r), [...r, 'license']);
    return {
      framework: {
        name: frameworkName as string,
        version: this.version(framework, ['framework'], true) as string,
        date: this.string(framework, 'date', ['framework']),
      },
      name: name as string,
      version: this.version(release, r, false),
      date: this.string(release, 'date', r),
      type: this.string(release, 'type', r),
      architecture: this.string(release, 'architecture', r),
      treatment: this.string(release, 'treatment', r),
      origin: this.string(release, 'origin', r),
      producer: this.producer(release),
      contact: this.string(release, 'contact', r),
      repository: this.string(release, 'repository', r),
      huggingface: this.string(release, 'huggingface', r),
      license,
      licensePaths,
      components: (components as unknown[]).map((item, i) => this.component(item, [...r, 'components', i])),
    };
  }

  private producer(release: Obj): string {
    this.required(release, 'producer', ['release']);
    // Four published records leave the producer blank; the key itself is what the schema requires.
    return this.string(release, 'producer', ['release'], true) ?? '';
  }

  private globalLicence(value: unknown, path: Path): { license: MotGlobalLicence; licensePaths: MotGlobalLicence } {
    const license: MotGlobalLicence = {
      distribution: null,
      code: null,
      data: null,
      document: null,
    };
    const licensePaths: MotGlobalLicence = { ...license };
    // `license:` left blank is read as "no global licence", like the `license: {  }` most records write.
    if (value === null) return { license, licensePaths };
    const map = this.mapping(value, path);
    for (const scope of LICENCE_SCOPES) {
      const { name, path: where } = this.licenceValue(map[scope], [...path, scope]);
      license[scope] = name;
      licensePaths[scope] = where;
    }
    return { license, licensePaths };
  }

  /** A licence may be written as a plain id or, as the tool writes global ones, as `{ name, path }`. */
  private licenceValue(value: unknown, path: Path): { name: string | null; path: string | null } {
    if (value === undefined || value === null) return { name: null, path: null };
    if (typeof value === 'string') return { name: blankToNull(value), path: null };
    if (isObj(value)) {
      return {
        name: this.string(value, 'name', path),
        path: this.string(value, 'path', path),
      };
    }
    return this.fail(path, 'must be a licence id or a mapping with name and path');
  }

  private component(value: unknown, path: Path): MotComponent {
    const map = this.mapping(value, path, 'must be a mapping with a name');
    const name = this.string(map, 'name', path, true);
    if (name === null) this.fail([...path, 'name'], 'must not be blank');
    if (!this.componentNames.has(name as string)) {
      this.fail([...path, 'name'], `unknown component "${name}" (not a Model Openness Framework component)`);
    }
    if (this.seen.has(name as string)) this.fail([...path, 'name'], `component "${name}" is listed twice`);
    this.seen.add(name as string);
    let license: string | null | undefined;
    let licensePath = this.string(map, 'license_path', path);
    if (Object.prototype.hasOwnProperty.call(map, 'license')) {
      const parsed = this.licenceValue(map.license, [...path, 'license']);
      license = parsed.name;
      licensePath ??= parsed.path;
    }
    return {
      name: name as string,
      description: this.string(map, 'description', path),
      license,
      licensePath,
      componentPath: this.string(map, 'component_path', path),
    };
  }

  /** Versions are free text, but YAML reads `version: 1.0` as a number; keep the text as written. */
  private version(map: Obj, path: Path, required: boolean): string | null {
    const value = required ? this.required(map, 'version', path) : map.version;
    if (typeof value === 'number') return this.sourceText([...path, 'version']) ?? String(value);
    const text = this.string(map, 'version', path, required);
    if (required && text === null) this.fail([...path, 'version'], 'must not be blank');
    return text;
  }

  private string(map: Obj, key: string, path: Path, required = false): string | null {
    const value = required ? this.required(map, key, path) : map[key];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string') return this.fail([...path, key], `must be a string, not ${describe(value)}`);
    return blankToNull(value);
  }

  private required(map: Obj, key: string, path: Path): unknown {
    if (!Object.prototype.hasOwnProperty.call(map, key) || map[key] === undefined) {
      this.fail([...path, key], 'is required');
    }
    return map[key];
  }

  private mapping(value: unknown, path: Path, reason = 'must be a mapping'): Obj {
    if (!isObj(value)) return this.fail(path, `${reason}, not ${describe(value)}`);
    return value;
  }

  private fail(path: Path, reason: string): never {
    throw new MotRecordError(reason, formatPath(path) || undefined, this.lineOf(path));
  }

  /** Line of the deepest existing YAML node on `path` (a missing key is reported at its parent). */
  private lineOf(path: Path): number | undefined {
    for (let n = path.length; n >= 0; n -= 1) {
      const node: unknown = n === 0 ? this.doc.contents : this.doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return this.lines.linePos(node.range[0]).line;
    }
    return undefined;
  }

  /** The scalar exactly as written in the YAML source (the parser keeps it as `source`). */
  private sourceText(path: Path): string | null {
    const node: unknown = this.doc.getIn(path, true);
    return isScalar(node) && typeof node.source === 'string' ? blankToNull(node.source) : null;
  }
}

function formatPath(path: Path): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}

function blankToNull(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : `a ${typeof value}`;
}
