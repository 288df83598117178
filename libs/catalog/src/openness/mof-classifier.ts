import type { LicenceRegistry } from './licence-registry';
import {
  MOF_COMPONENT_IDS,
  MOF_COMPONENTS,
  type MofClassNumber,
  type MofComponentDefinition,
  type MofContentType,
} from './mof-settings';
import type { MotComponent, MotRecord } from './mot-record';
import { MofClass } from './openness.types';

/**
 * `included`: listed with an open licence; `unlicensed`: listed without a licence; `invalid`: listed with a
 * licence that is not open (including free-text names such as `Proprietary`); `missing`: not listed.
 */
export type MofComponentStatus = 'included' | 'unlicensed' | 'invalid' | 'missing';

/** Where a component's licence came from (see {@link resolveComponentLicence}). */
export type MofLicenceSource = 'component' | 'global' | 'distribution' | null;

/** One framework component as assessed for a record. */
export interface MofComponentAssessment {
  id: number;
  name: string;
  contentType: MofContentType;
  class: MofClassNumber;
  required: boolean;
  status: MofComponentStatus;
  /** The licence that applies, or `null` when none does. */
  license: string | null;
  licenseSource: MofLicenceSource;
  /** Set when an open licence is not one listed for the component's content type; never affects the class. */
  warning?: string;
}

/** Progress towards each class, in percent (0-100), at full floating-point precision. */
export interface MofProgress {
  classI: number;
  classII: number;
  classIII: number;
}

/** The outcome of classifying one record under the Model Openness Framework 1.0. */
export interface MofClassification {
  mofClass: MofClass;
  progress: MofProgress;
  /** Every framework component, in definition order. */
  components: MofComponentAssessment[];
  /**
   * Per class, the names of the required components (of that class and every class above it) that are
   * not included. When the research paper stands in for the technical report at classes II and III, the
   * slot is named `Research paper`.
   */
  missing: { classI: string[]; classII: string[]; classIII: string[] };
  /** True when the technical report is not included and the research paper is listed in its place. */
  reportReplacedByPaper: boolean;
}

/**
 * The licence that applies to a listed component, as the tool decides it: the component's own `license`
 * when the key is present (`unlicensed` or blank: none, and no fallback); otherwise the record's global
 * licence for the component's content type; otherwise the record's distribution licence; otherwise none.
 */
export function resolveComponentLicence(
  record: MotRecord,
  listed: MotComponent,
  contentType: MofContentType,
): { license: string | null; licenseSource: MofLicenceSource } {
  if (listed.license !== undefined) {
    const own = listed.license;
    const none = own === null || own.toLowerCase() === 'unlicensed';
    return { license: none ? null : own, licenseSource: 'component' };
  }
  if (record.license[contentType] !== null) return { license: record.license[contentType], licenseSource: 'global' };
  if (record.license.distribution !== null) {
    return {
      license: record.license.distribution,
      licenseSource: 'distribution',
    };
  }
  return { license: null, licenseSource: null };
}

/**
 * Classifies a record under the Model Openness Framework 1.0 exactly as the Model Openness Tool's
 * evaluator does (see the tool data's README): per-component licence resolution, the research paper
 * standing in for the technical report, progress walked from class III down, and the class being the
 * best class whose progress is 100.
 *
 * Progress is `included / total * 100` kept at full double precision (the tool computes a PHP float and
 * rounds only when it prints a badge), so 13 of 14 is 92.857142...; callers round for display.
 */
export function classifyMof(
  record: MotRecord,
  registry: LicenceRegistry,
  components: readonly MofComponentDefinition[] = MOF_COMPONENTS,
): MofClassification {
  const listed = new Map(record.components.map((item) => [item.name, item]));
  const assessed = components.map((def) => assessComponent(record, listed.get(def.name), def, registry));
  const byId = new Map(assessed.map((a) => [a.id, a]));

  const report = byId.get(MOF_COMPONENT_IDS.TECHNICAL_REPORT);
  const paper = byId.get(MOF_COMPONENT_IDS.RESEARCH_PAPER);
  // The paper may replace a report that is not included, provided the paper is listed at all.
  const reportReplacedByPaper =
    report !== undefined && paper !== undefined && report.status !== 'included' && paper.status !== 'missing';

  const slotsFor = (cls: MofClassNumber): MofComponentAssessment[] => {
    const slots: MofComponentAssessment[] = [];
    for (const a of assessed) {
      if (!a.required || a.class < cls) continue;
      if (a === report && reportReplacedByPaper) {
        // Classes III and II: the paper takes the report's place with the paper's status. Class I asks for
        // the paper itself, so the report's slot is dropped only when the paper is included
        // ("the total is one less when the report is not included but the paper is").
        if (cls >= 2) slots.push(paper as MofComponentAssessment);
        else if (paper?.status !== 'included') slots.push(a);
        continue;
      }
      slots.push(a);
    }
    return slots;
  };

  const progressOf = new Map<MofClassNumber, number>();
  const missingOf = new Map<MofClassNumber, string[]>();
  let stopped = false;
  for (const cls of [3, 2, 1] as const) {
    const slots = slotsFor(cls);
    const total = slots.length;
    const included = slots.filter((s) => s.status === 'included').length;
    missingOf.set(
      cls,
      slots.filter((s) => s.status !== 'included').map((s) => s.name),
    );
    // Once a better-placed class has fallen short, every class below it has progress 0.
    progressOf.set(cls, stopped ? 0 : total === 0 ? 100 : Math.min(100, (included / total) * 100));
    if (included < total) stopped = true;
  }

  const mofClass =
    progressOf.get(1) === 100
      ? MofClass.CLASS_I
      : progressOf.get(2) === 100
        ? MofClass.CLASS_II
        : progressOf.get(3) === 100
          ? MofClass.CLASS_III
          : MofClass.UNCLASSIFIED;

  return {
    mofClass,
    progress: {
      classI: progressOf.get(1)!,
      classII: progressOf.get(2)!,
      classIII: progressOf.get(3)!,
    },
    components: assessed,
    missing: {
      classI: missingOf.get(1)!,
      classII: missingOf.get(2)!,
      classIII: missingOf.get(3)!,
    },
    reportReplacedByPaper,
  };
}

function assessComponent(
  record: MotRecord,
  listed: MotComponent | undefined,
  def: MofComponentDefinition,
  registry: LicenceRegistry,
): MofComponentAssessment {
  const base = {
    id: def.id,
    name: def.name,
    contentType: def.contentType,
    class: def.class,
    required: def.required,
  };
  if (!listed) return { ...base, status: 'missing', license: null, licenseSource: null };

  const { license, licenseSource } = resolveComponentLicence(record, listed, def.contentType);
  if (license === null) return { ...base, status: 'unlicensed', license, licenseSource };
  if (!registry.isOpen(license)) return { ...base, status: 'invalid', license, licenseSource };

  const assessment: MofComponentAssessment = {
    ...base,
    status: 'included',
    license,
    licenseSource,
  };
  // Reported, never scored: the tool flags an open licence that does not suit the content type.
  if (registry.suitsContentType(license, def.contentType) === false) {
    assessment.warning = `${license} is open but not a licence listed for ${def.contentType} content`;
  }
  return assessment;
}
