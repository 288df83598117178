/**
 * The risk engine: pure, deterministic functions behind the automatic pre-assessment (ARCHITECTURE.md section 4).
 * No NestJS, no database, no clock: the adoption and risk services call these with facts they loaded.
 */
export * from './risk-context';
export * from './nist-mapping';
export * from './scoring';
export * from './feasibility';
export {
  type RiskEffect,
  type RiskRule,
  type RuleContext,
  formatCount,
  primarySubtag,
  missingLanguages,
} from './risk-rule';
export {
  BASELINES,
  RISK_RULES,
  preAssess,
  type PreAssessment,
  type Reason,
  type RiskItemAssessment,
} from './pre-assessment';
export { LARGE_MODEL_PARAMETERS, SMALL_MODEL_PARAMETERS } from './openness-rules';
export { MANY_USERS, MASS_USERS } from './use-context-rules';
export { NEAR_THRESHOLD_SHARE } from './licence-rules';
export {
  type AiActRule,
  AiActRole,
  classifyUse,
  EU_AI_ACT_RULES,
  type EuAiActClassification,
  type EuAiActScreen,
  type MatchedProvision,
  type Matcher,
  type OrganisationRole,
  organisationRole,
  provisionText,
  screenEuAiAct,
  type SourcedWarning,
  type Trigger,
  type UseFacts,
} from './eu-ai-act';
export { gpaiStatus, type GpaiStatus, SYSTEMIC_RISK_FLOPS, GENERALITY_PARAMETER_HINT } from './gpai-status';
