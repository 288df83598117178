import type { LicenceRegistry } from './licence-registry';
import type { MofClassification, MofComponentAssessment } from './mof-classifier';
import { MOF_COMPONENT_IDS } from './mof-settings';

/** One requirement of the Open Source AI Definition, as checked against MOF components. */
export interface OsaidCheck {
  /** Human-readable element, e.g. `Training code under an OSI-approved licence`. */
  element: string;
  satisfied: boolean;
  /** The MOF component ids the check looked at. */
  componentIds: number[];
}

/** Whether a record meets the Open Source AI Definition 1.0, and what it lacks. */
export interface OsaidAssessment {
  conformant: boolean;
  /** The elements not satisfied, in the definition's order (parameters, code, data information). */
  missing: string[];
  checks: OsaidCheck[];
}

/** The OSAID element names this module reports (stable strings callers may match on). */
export const OSAID_ELEMENTS = {
  PARAMETERS: 'Model parameters (Final) under open terms',
  TRAINING_CODE: 'Training code under an OSI-approved licence',
  INFERENCE_CODE: 'Inference code under an OSI-approved licence',
  DATA_PREPROCESSING_CODE: 'Data preprocessing code under an OSI-approved licence',
  MODEL_ARCHITECTURE: 'Model architecture under an OSI-approved licence',
  DATA_INFORMATION: 'Data information (datasets or data card)',
} as const;

/**
 * Checks a classified MOT record against the Open Source AI Definition 1.0 (Open Source Initiative, 28
 * October 2024). The definition requires the "preferred form to make modifications", made of:
 *
 * - Parameters: "the model parameters, such as weights or other configuration settings", made available
 *   under OSI-approved terms. Mapped to MOF "Model parameters (Final)" (id 10) being included, i.e. under a
 *   licence the MOF counts as open: the OSI has approved no licence list for weights, and open data and
 *   OpenMDW licences are the terms weights are published under. Intermediate checkpoints are the
 *   definition's example, not a requirement, so id 24 is not checked.
 * - Code: "the complete source code used to train and run the system", under OSI-approved licences,
 *   naming code for processing and filtering data, training, inference and the model architecture. Mapped
 *   to MOF ids 16, 7, 8 and 9, each included under a licence the registry flags OSI-approved (a CC or
 *   data licence does not qualify for code). Evaluation code and supporting libraries are optional MOF-wise
 *   and "if used" in the definition, so they are not checked.
 * - Data information: "sufficiently detailed information about the data used to train the system so that
 *   a skilled person can build a substantially equivalent system", itself under OSI-approved terms. Mapped
 *   to MOF "Datasets" (id 15) or "Data card" (id 14) being included under an open licence. A technical
 *   report or paper is not accepted: a MOT record cannot show that it describes the training data.
 */
export function assessOsaid(classification: MofClassification, registry: LicenceRegistry): OsaidAssessment {
  const byId = new Map(classification.components.map((c) => [c.id, c]));
  const included = (id: number): MofComponentAssessment | undefined => {
    const c = byId.get(id);
    return c?.status === 'included' ? c : undefined;
  };
  const osiCode = (element: string, id: number): OsaidCheck => ({
    element,
    satisfied: registry.isOsiApproved(included(id)?.license),
    componentIds: [id],
  });

  const ids = MOF_COMPONENT_IDS;
  const checks: OsaidCheck[] = [
    {
      element: OSAID_ELEMENTS.PARAMETERS,
      satisfied: included(ids.MODEL_PARAMETERS_FINAL) !== undefined,
      componentIds: [ids.MODEL_PARAMETERS_FINAL],
    },
    osiCode(OSAID_ELEMENTS.TRAINING_CODE, ids.TRAINING_CODE),
    osiCode(OSAID_ELEMENTS.INFERENCE_CODE, ids.INFERENCE_CODE),
    osiCode(OSAID_ELEMENTS.DATA_PREPROCESSING_CODE, ids.DATA_PREPROCESSING_CODE),
    osiCode(OSAID_ELEMENTS.MODEL_ARCHITECTURE, ids.MODEL_ARCHITECTURE),
    {
      element: OSAID_ELEMENTS.DATA_INFORMATION,
      satisfied: included(ids.DATASETS) !== undefined || included(ids.DATA_CARD) !== undefined,
      componentIds: [ids.DATASETS, ids.DATA_CARD],
    },
  ];
  const missing = checks.filter((c) => !c.satisfied).map((c) => c.element);
  return { conformant: missing.length === 0, missing, checks };
}
