/**
 * Rules driven by the request's context of use: deployment mode and data sensitivity, sector, scale,
 * exposure to the public, adaptation and languages.
 *
 * Sources cited by key:
 * - NIST_600_1: NIST AI 600-1, Generative AI Profile (July 2024), section 2 risks.
 * - GDPR: Regulation (EU) 2016/679 (Art. 9 special categories, recital 38 children, Chapter V transfers).
 * - KAPOOR_2024: Kapoor et al., "On the Societal Impact of Open Foundation Models" (2024).
 * - LEWIS_2020: Lewis et al., "Retrieval-Augmented Generation for Knowledge-Intensive NLP Tasks" (2020), and
 *   Shuster et al., "Retrieval Augmentation Reduces Hallucination in Conversation" (2021).
 * - ICRC_2020: Kuner and Marelli (eds.), Handbook on Data Protection in Humanitarian Action, 2nd ed., ICRC and
 *   Brussels Privacy Hub (2020): the personal data of people affected by crises is high-risk data.
 * - GRESHAKE_2023: Greshake et al., "Not what you've signed up for: indirect prompt injection" (2023).
 */
import { HostingOption } from '@app/catalog/openness';
import { DataSensitivity, IntendedAdaptation, RiskCategory, Sector } from './risk-context';
import { deploys, formatCount, hasSensitivity, PERSONAL_LEVELS, type RiskRule, type RuleContext } from './risk-rule';

const NIST_600_1 = 'NIST AI 600-1 (2024)';
const GDPR = 'GDPR (Regulation (EU) 2016/679)';
const KAPOOR_2024 = 'Kapoor et al. 2024, On the Societal Impact of Open Foundation Models';
const LEWIS_2020 = 'Lewis et al. 2020 (RAG); Shuster et al. 2021, Retrieval Augmentation Reduces Hallucination';
const GRESHAKE_2023 = 'Greshake et al. 2023, indirect prompt injection';
const ICRC_2020 = 'ICRC and Brussels Privacy Hub, Handbook on Data Protection in Humanitarian Action, 2nd ed. (2020)';

/** At or above: many users (raises impact once); at or above MASS_USERS: raises it again. */
export const MANY_USERS = 100_000;
export const MASS_USERS = 1_000_000;

const sector = (c: RuleContext, s: Sector): boolean => c.request.sector === s;
const users = (c: RuleContext): string => formatCount(c.request.expectedUsers);

/** One impact rule per (category, fact): the same fact raises several categories' impact. */
function impactRule(
  code: string,
  category: RiskCategory,
  applies: (c: RuleContext) => boolean,
  text: (c: RuleContext) => string,
  source: string,
  delta = 1,
): RiskRule {
  return { code, category, effect: 'impact', delta, source, applies, text };
}

const childrenText = () => 'CHILDREN data: children merit specific protection and are more easily harmed';
const healthText = () => 'sector HEALTH: outputs can affect diagnosis and care';
const humanitarianText = () => 'sector HUMANITARIAN: decisions affect vulnerable people';
const isChildren = (c: RuleContext) => hasSensitivity(c, DataSensitivity.CHILDREN);
const isHealth = (c: RuleContext) => sector(c, Sector.HEALTH);
const isHumanitarian = (c: RuleContext) => sector(c, Sector.HUMANITARIAN);

/** People rely on the outputs themselves: the public uses the system, or it serves care or aid. */
const peopleDependOnOutputs = (c: RuleContext): boolean =>
  c.request.publicFacing === true || isHealth(c) || isHumanitarian(c);
const dependenceText = (c: RuleContext): string =>
  c.request.publicFacing === true
    ? 'the system is public-facing: people read and write in it themselves'
    : `sector ${c.request.sector}: the people served depend on the outputs`;
/**
 * Personal data of people affected by a crisis (refugees, displaced people, asylum seekers, detainees): the
 * HUMANITARIAN sector with PERSONAL data or above.
 */
const isHumanitarianPersonal = (c: RuleContext) => isHumanitarian(c) && hasSensitivity(c, ...PERSONAL_LEVELS);

/** Rules from the context of use, in category order. */
export const USE_CONTEXT_RULES: readonly RiskRule[] = [
  // MISUSE -----------------------------------------------------------------------------------------------
  {
    code: 'PUBLIC_FACING_MISUSE',
    category: RiskCategory.MISUSE,
    effect: 'likelihood',
    delta: 1,
    source: `${NIST_600_1}, Dangerous, Violent, or Hateful Content (misuse by users of the system)`,
    applies: (c) => c.request.publicFacing === true,
    text: () => 'the system is public-facing: anyone can try to misuse it',
  },
  impactRule(
    'MANY_USERS_MISUSE_IMPACT',
    RiskCategory.MISUSE,
    (c) => c.request.expectedUsers >= MANY_USERS,
    (c) => `expected users ${users(c)}: misuse would reach many people`,
    NIST_600_1,
  ),
  impactRule(
    'MASS_USERS_MISUSE_IMPACT',
    RiskCategory.MISUSE,
    (c) => c.request.expectedUsers >= MASS_USERS,
    (c) => `expected users ${users(c)}: misuse would reach a mass audience`,
    NIST_600_1,
  ),

  // DATA_PROTECTION --------------------------------------------------------------------------------------
  {
    code: 'PUBLIC_DATA_ONLY',
    category: RiskCategory.DATA_PROTECTION,
    effect: 'likelihood',
    delta: -1,
    source: GDPR,
    applies: (c) => hasSensitivity(c, DataSensitivity.PUBLIC),
    text: () => 'data sensitivity PUBLIC: no personal data is processed',
  },
  {
    // Prompts sent to a vendor API are processed, logged and possibly retained outside the organisation's
    // control (NIST 600-1 Data Privacy; GDPR processor duties, Art. 28, and transfers, Chapter V).
    code: 'VENDOR_API_PERSONAL_DATA',
    category: RiskCategory.DATA_PROTECTION,
    effect: 'likelihood',
    delta: 1,
    source: `${NIST_600_1}, Data Privacy; ${GDPR}, Art. 28 and Chapter V`,
    applies: (c) => deploys(c, HostingOption.VENDOR_API) && hasSensitivity(c, DataSensitivity.PERSONAL),
    text: () => 'VENDOR_API with PERSONAL data: data leaves the organisation',
  },
  {
    code: 'VENDOR_API_SENSITIVE_DATA',
    category: RiskCategory.DATA_PROTECTION,
    effect: 'likelihood',
    delta: 2,
    source: `${NIST_600_1}, Data Privacy; ${GDPR}, Art. 9 and Chapter V`,
    applies: (c) =>
      deploys(c, HostingOption.VENDOR_API) &&
      hasSensitivity(c, DataSensitivity.SENSITIVE_PERSONAL, DataSensitivity.CHILDREN),
    text: (c) => `VENDOR_API with ${c.request.dataSensitivity} data: data leaves the organisation`,
  },
  {
    // Models memorise and can regurgitate training examples (NIST 600-1 Data Privacy; Carlini et al. 2021).
    code: 'FINE_TUNING_ON_PERSONAL_DATA',
    category: RiskCategory.DATA_PROTECTION,
    effect: 'likelihood',
    delta: 1,
    source: `${NIST_600_1}, Data Privacy; Carlini et al. 2021, Extracting Training Data from Large Language Models`,
    applies: (c) =>
      c.request.intendedAdaptation === IntendedAdaptation.FINE_TUNING && hasSensitivity(c, ...PERSONAL_LEVELS),
    text: (c) => `FINE_TUNING on ${c.request.dataSensitivity} data: the tuned model can memorise and reproduce it`,
  },
  impactRule(
    'SENSITIVE_DATA_IMPACT',
    RiskCategory.DATA_PROTECTION,
    (c) => hasSensitivity(c, DataSensitivity.SENSITIVE_PERSONAL),
    () => 'SENSITIVE_PERSONAL data: special categories of personal data; a breach seriously harms the people concerned',
    `${GDPR}, Art. 9`,
    2,
  ),
  impactRule('CHILDREN_DATA_IMPACT', RiskCategory.DATA_PROTECTION, isChildren, childrenText, `${GDPR}, recital 38`, 2),
  impactRule('HEALTH_DATA_IMPACT', RiskCategory.DATA_PROTECTION, isHealth, healthText, `${GDPR}, Art. 9 (health data)`),
  // The ICRC Handbook treats the personal data of people affected by crises as high-risk whatever its GDPR
  // category: disclosure of who and where they are can expose them to persecution, refoulement, detention
  // or discrimination, and consent is rarely free. Raised by 2, as for the special categories.
  impactRule(
    'HUMANITARIAN_PERSONAL_DATA_IMPACT',
    RiskCategory.DATA_PROTECTION,
    isHumanitarianPersonal,
    (c) =>
      `sector HUMANITARIAN with ${c.request.dataSensitivity} data: personal data of refugees, displaced people or asylum seekers can expose them to persecution, refoulement or discrimination if disclosed`,
    `${ICRC_2020}; ${GDPR}, Art. 9`,
    2,
  ),

  // INFORMATION_SECURITY ---------------------------------------------------------------------------------
  {
    code: 'VENDOR_API_CONFIDENTIAL_DATA',
    category: RiskCategory.INFORMATION_SECURITY,
    effect: 'likelihood',
    delta: 1,
    source: `${NIST_600_1}, Information Security and Value Chain and Component Integration`,
    applies: (c) => deploys(c, HostingOption.VENDOR_API) && !hasSensitivity(c, DataSensitivity.PUBLIC),
    text: (c) => `VENDOR_API with ${c.request.dataSensitivity} data: prompts and documents pass through a third party`,
  },
  {
    code: 'PUBLIC_FACING_ATTACK_SURFACE',
    category: RiskCategory.INFORMATION_SECURITY,
    effect: 'likelihood',
    delta: 1,
    source: `${NIST_600_1}, Information Security (prompt injection, jailbreaks)`,
    applies: (c) => c.request.publicFacing === true,
    text: () => 'the system is public-facing: open to prompt-injection and jailbreak attempts',
  },
  {
    code: 'RETRIEVAL_INDIRECT_INJECTION',
    category: RiskCategory.INFORMATION_SECURITY,
    effect: 'likelihood',
    delta: 1,
    source: `${GRESHAKE_2023}; ${NIST_600_1}, Information Security`,
    applies: (c) => c.request.intendedAdaptation === IntendedAdaptation.RETRIEVAL,
    text: () => 'RETRIEVAL adaptation: retrieved documents can carry indirect prompt injections',
  },
  impactRule(
    'HUMANITARIAN_DATA_BREACH_IMPACT',
    RiskCategory.INFORMATION_SECURITY,
    (c) => isHumanitarianPersonal(c) && hasSensitivity(c, DataSensitivity.PERSONAL),
    () => 'sector HUMANITARIAN with PERSONAL data: a breach would expose people affected by a crisis',
    `${ICRC_2020} (data security); ${NIST_600_1}, Information Security`,
  ),
  impactRule(
    'SENSITIVE_DATA_BREACH_IMPACT',
    RiskCategory.INFORMATION_SECURITY,
    (c) => hasSensitivity(c, DataSensitivity.SENSITIVE_PERSONAL, DataSensitivity.CHILDREN),
    (c) => `${c.request.dataSensitivity} data: a breach would expose it`,
    `${NIST_600_1}, Information Security`,
  ),

  // LOCAL_FIT --------------------------------------------------------------------------------------------
  // NIST 600-1 Harmful Bias or Homogenization: performance is uneven across languages; Kapoor et al. list
  // local adaptation (including languages) among the benefits that depend on the model's coverage. The first
  // requested language is the primary language of the use (the request field says so), so missing it weighs
  // more than missing a secondary one; when people read the outputs themselves or depend on them for care or
  // aid, it also raises the impact.
  {
    code: 'PRIMARY_LANGUAGE_NOT_SUPPORTED',
    category: RiskCategory.LOCAL_FIT,
    effect: 'likelihood',
    delta: 2,
    source: `${NIST_600_1}, Harmful Bias or Homogenization; ${KAPOOR_2024}`,
    applies: (c) => c.missingPrimaryLanguage !== null,
    text: (c) =>
      `primary language ${c.missingPrimaryLanguage} (first requested) not in the model's languages: most of the use would run in a language the model is not documented for`,
  },
  {
    code: 'PRIMARY_LANGUAGE_PEOPLE_DEPEND',
    category: RiskCategory.LOCAL_FIT,
    effect: 'impact',
    delta: 1,
    source: `${NIST_600_1}, Harmful Bias or Homogenization and Human-AI Configuration`,
    applies: (c) => c.missingPrimaryLanguage !== null && peopleDependOnOutputs(c),
    text: (c) =>
      `primary language ${c.missingPrimaryLanguage} not supported and ${dependenceText(c)}: poor output in it reaches them directly`,
  },
  {
    code: 'LANGUAGE_NOT_SUPPORTED',
    category: RiskCategory.LOCAL_FIT,
    effect: 'likelihood',
    delta: 1,
    source: `${NIST_600_1}, Harmful Bias or Homogenization; ${KAPOOR_2024}`,
    each: (c) => c.missingSecondaryLanguages,
    applies: () => true,
    text: (_c, language) => `secondary language ${language} not in the model's languages`,
  },
  {
    code: 'LANGUAGES_UNDOCUMENTED',
    category: RiskCategory.LOCAL_FIT,
    effect: 'likelihood',
    delta: 1,
    source: `${NIST_600_1}, Harmful Bias or Homogenization`,
    applies: (c) => c.model.languages.length === 0 && c.request.languages.length > 0,
    text: () => "the model's supported languages are not documented: coverage of the requested ones is unknown",
  },

  // BIAS -------------------------------------------------------------------------------------------------
  impactRule('CHILDREN_BIAS_IMPACT', RiskCategory.BIAS, isChildren, childrenText, `${NIST_600_1}; ${GDPR}, recital 38`),
  impactRule(
    'HEALTH_BIAS_IMPACT',
    RiskCategory.BIAS,
    isHealth,
    healthText,
    `${NIST_600_1}, Harmful Bias or Homogenization`,
  ),
  impactRule(
    'HUMANITARIAN_BIAS_IMPACT',
    RiskCategory.BIAS,
    isHumanitarian,
    humanitarianText,
    `${NIST_600_1}, Harmful Bias or Homogenization`,
  ),
  impactRule(
    'MANY_USERS_BIAS_IMPACT',
    RiskCategory.BIAS,
    (c) => c.request.expectedUsers >= MANY_USERS,
    (c) => `expected users ${users(c)}: biased outputs would reach many people`,
    `${NIST_600_1}, Harmful Bias or Homogenization`,
  ),
  impactRule(
    'MASS_USERS_BIAS_IMPACT',
    RiskCategory.BIAS,
    (c) => c.request.expectedUsers >= MASS_USERS,
    (c) => `expected users ${users(c)}: biased outputs would reach a mass audience and homogenise views`,
    `${NIST_600_1}, Harmful Bias or Homogenization`,
  ),

  // CONFABULATION ----------------------------------------------------------------------------------------
  {
    code: 'RETRIEVAL_GROUNDING',
    category: RiskCategory.CONFABULATION,
    effect: 'likelihood',
    delta: -1,
    source: LEWIS_2020,
    applies: (c) => c.request.intendedAdaptation === IntendedAdaptation.RETRIEVAL,
    text: () => "RETRIEVAL adaptation: answers are grounded in the organisation's documents (reduces, not removes)",
  },
  impactRule(
    'HEALTH_CONFABULATION_IMPACT',
    RiskCategory.CONFABULATION,
    isHealth,
    healthText,
    `${NIST_600_1}, Confabulation`,
  ),
  impactRule(
    'HUMANITARIAN_CONFABULATION_IMPACT',
    RiskCategory.CONFABULATION,
    isHumanitarian,
    humanitarianText,
    `${NIST_600_1}, Confabulation`,
  ),
  impactRule(
    'CHILDREN_CONFABULATION_IMPACT',
    RiskCategory.CONFABULATION,
    isChildren,
    childrenText,
    `${NIST_600_1}, Confabulation`,
  ),

  // SUSTAINABILITY_COST ----------------------------------------------------------------------------------
  impactRule(
    'MASS_USAGE_COST',
    RiskCategory.SUSTAINABILITY_COST,
    (c) => c.request.expectedUsers >= MASS_USERS,
    (c) => `expected users ${users(c)}: cost and energy grow with every request`,
    `${NIST_600_1}, Environmental Impacts`,
  ),
];
