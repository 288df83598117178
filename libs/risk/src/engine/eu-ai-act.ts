/**
 * EU AI Act (Regulation (EU) 2024/1689) pre-screen: the risk class of the intended use (Articles 5, 6, 50,
 * Annexes I and III) and the general-purpose AI model status of the candidate model (Articles 3(63), 51, 53).
 * A keyword screen over the request's own words: it names the provision and the words that triggered it so a
 * reviewer can confirm or overrule it; it is not legal advice.
 */
import { EuAiActClass, type RequestFacts, Sector } from './risk-context';

// The GPAI model test lives in its own file for size; it is part of this module's API.
export { gpaiStatus, type GpaiStatus, SYSTEMIC_RISK_FLOPS } from './gpai-status';

/** Result of {@link classifyUse}. */
export interface EuAiActClassification {
  euAiActClass: EuAiActClass;
  /** Each matched provision with the evidence, highest class first, then a caveat for the class. */
  reasons: string[];
}

/**
 * What a matcher reads, in lower case: the purpose is the use case alone (Annex III and Article 5 describe
 * purposes); the population adds the affected population, read only for who is affected (children, workers,
 * pupils), so "job applicants" as an audience does not make a chatbot a recruitment system.
 */
export interface UseFacts {
  purpose: string;
  population: string;
  request: RequestFacts;
}

/** Evidence (matched words or facts) when the condition holds, otherwise null. */
export type Matcher = (u: UseFacts) => string[] | null;

const match = (pattern: RegExp, text: string): string[] | null => {
  const m = pattern.exec(text);
  return m ? [`"${m[0].trim()}"`] : null;
};
/** Words in the use case. */
const words =
  (pattern: RegExp): Matcher =>
  (u) =>
    match(pattern, u.purpose);
/** Words in the use case or the affected population. */
const who =
  (pattern: RegExp): Matcher =>
  (u) =>
    match(pattern, u.population);
const inSector =
  (...sectors: Sector[]): Matcher =>
  (u) =>
    sectors.includes(u.request.sector) ? [`sector ${u.request.sector}`] : null;
const allOf =
  (...matchers: Matcher[]): Matcher =>
  (u) => {
    const evidence: string[] = [];
    for (const m of matchers) {
      const found = m(u);
      if (!found) return null;
      evidence.push(...found);
    }
    return evidence;
  };
const anyOf =
  (...matchers: Matcher[]): Matcher =>
  (u) => {
    for (const m of matchers) {
      const found = m(u);
      if (found) return found;
    }
    return null;
  };
/** Holds unless the use case has these words. */
const unless =
  (pattern: RegExp): Matcher =>
  (u) =>
    pattern.test(u.purpose) ? null : [];

/** A provision and the words or facts that bring a use under it. */
export interface AiActRule {
  euAiActClass: EuAiActClass;
  reference: string;
  label: string;
  when: Matcher;
}

const EMOTION = words(
  /emotion(?:al)? (?:recognition|detection|analysis|state)s?|recogni[sz]\w* (?:the )?emotions|(?:detect|infer|read)\w* (?:the )?emotions/,
);
const WORK_OR_EDUCATION = anyOf(
  who(/workplace|employees?|workers?|\bstaff\b|schools?|students?|pupils?|classrooms?|universit\w*|teachers?/),
  inSector(Sector.EDUCATION),
);
const PROTECTIVE = /\b(?:detect\w*|protect\w*|prevent\w*|safeguard\w*|flag\w*|report\w*|counter\w*)\b/;
const HEALTH_CONTEXT = anyOf(inSector(Sector.HEALTH), who(/patients?|clinic\w*|medical|hospitals?|health/));

/** The rules, PROHIBITED first, then HIGH, then LIMITED; the class of a use is that of its first match. */
export const EU_AI_ACT_RULES: readonly AiActRule[] = [
  // Article 5(1): prohibited practices.
  {
    euAiActClass: EuAiActClass.PROHIBITED,
    reference: 'Art. 5(1)(a)',
    label: 'subliminal, manipulative or deceptive techniques that distort behaviour',
    when: allOf(words(/subliminal|manipulative techniques?|deceptive techniques?/), unless(PROTECTIVE)),
  },
  {
    euAiActClass: EuAiActClass.PROHIBITED,
    reference: 'Art. 5(1)(b)',
    label: 'exploiting vulnerabilities due to age, disability or social or economic situation',
    when: allOf(
      words(
        /manipulat\w*|exploit\w* (?:the )?vulnerabilit\w*|exploit\w* (?:children|minors|elderly|disabled)|dark patterns?/,
      ),
      who(
        /children|minors|\bkids\b|disabilit\w*|disabled|elderly|vulnerable (?:people|persons|groups|users|adults)|poverty/,
      ),
      unless(PROTECTIVE),
    ),
  },
  {
    euAiActClass: EuAiActClass.PROHIBITED,
    reference: 'Art. 5(1)(c)',
    label: 'social scoring',
    when: words(
      /social (?:credit|scor\w*)|trustworthiness scor\w*|citizen scor\w*|scor\w* (?:citizens|residents|people) (?:on|by|based on) (?:their )?(?:social )?behaviou?r/,
    ),
  },
  {
    euAiActClass: EuAiActClass.PROHIBITED,
    reference: 'Art. 5(1)(d)',
    label: 'predicting criminal offences from profiling or personality traits alone',
    when: words(
      /predictive policing|crime prediction|predict\w*\s+(?:\w+\s+){0,4}(?:crimes?|criminal\w*|offen[cs]\w*|re-?offend\w*|recidivism)|risk of (?:re-?)?offending/,
    ),
  },
  {
    euAiActClass: EuAiActClass.PROHIBITED,
    reference: 'Art. 5(1)(e)',
    label: 'untargeted scraping of facial images to build facial recognition databases',
    when: words(/scrap\w*[^.]{0,60}(?:facial|faces?)\b|(?:facial|faces?)\b[^.]{0,60}scrap\w*/),
  },
  {
    euAiActClass: EuAiActClass.PROHIBITED,
    reference: 'Art. 5(1)(f)',
    label: 'emotion recognition in the workplace or in education (unless for medical or safety reasons)',
    when: allOf(EMOTION, WORK_OR_EDUCATION, unless(/medical|safety|therap\w*|clinical/)),
  },
  {
    euAiActClass: EuAiActClass.PROHIBITED,
    reference: 'Art. 5(1)(g)',
    label:
      'biometric categorisation inferring race, political opinions, religion, trade-union membership or sexual orientation',
    when: allOf(
      words(/biometric\w*|facial|faces?\b|voices?\b/),
      words(/categori[sz]\w*|infer\w*|classif\w*|deduc\w*|predict\w*/),
      words(
        /\brace\b|ethnic\w*|political (?:opinions?|views|affiliation)|religio\w*|sexual orientation|sex life|trade[- ]union/,
      ),
    ),
  },
  {
    euAiActClass: EuAiActClass.PROHIBITED,
    reference: 'Art. 5(1)(h)',
    label: 'real-time remote biometric identification in publicly accessible spaces for law enforcement',
    when: allOf(
      words(/real[- ]?time/),
      words(/biometric identification|facial recognition|face recognition|identify\w* (?:people|persons|individuals)/),
      words(/police|law enforcement|policing/),
    ),
  },

  // Article 6(1) with Annex I (product safety legislation) and Article 6(2) with Annex III: high risk.
  {
    euAiActClass: EuAiActClass.HIGH,
    reference: 'Annex III 1(a)',
    label: 'remote biometric identification',
    when: words(
      /biometric identification|facial recognition|face recognition|identify\w* (?:people|persons|individuals) (?:by|from) (?:their )?(?:faces?|voices?|gait)/,
    ),
  },
  {
    euAiActClass: EuAiActClass.HIGH,
    reference: 'Annex III 1(b)',
    label: 'biometric categorisation',
    when: words(/biometric categori[sz]\w*/),
  },
  { euAiActClass: EuAiActClass.HIGH, reference: 'Annex III 1(c)', label: 'emotion recognition', when: EMOTION },
  {
    euAiActClass: EuAiActClass.HIGH,
    reference: 'Annex III 2',
    label: 'safety component of critical infrastructure',
    when: words(
      /critical (?:digital )?infrastructure|(?:power|electricity|energy) grids?|(?:water|gas|heating|electricity) (?:supply|distribution|network)|road traffic|traffic (?:control|management)/,
    ),
  },
  {
    euAiActClass: EuAiActClass.HIGH,
    reference: 'Annex III 3',
    label: 'education: admission, assessment of learning outcomes, level of education, proctoring',
    when: words(
      /(?:school|university|college|student|programme|program|course) admissions?|admissions? (?:to|into) (?:schools?|universit\w*|colleges?|programmes?|programs?|courses?)|admit\w* (?:students|pupils|applicants)|proctor\w*|exam (?:monitoring|surveillance)|(?:detect\w*|monitor\w*) cheating|(?:grad|mark|scor|assess|evaluat)\w* (?:(?:of|the) )*(?:students?|pupils?|learners?|exams?|essays?|assignments?|tests?|learning outcomes?)\b|(?:plac|allocat|assign|stream)\w* (?:the )?(?:students|pupils|learners)/,
    ),
  },
  {
    euAiActClass: EuAiActClass.HIGH,
    reference: 'Annex III 4',
    label: 'employment: recruitment, selection, promotion, termination, monitoring of workers',
    when: words(
      /recruit\w*|hiring|job (?:applica\w*|candidates?|interviews?)|(?:screen|rank|shortlist|filter)\w* (?:the )?(?:cvs?|résumés?|resumes?|candidates|applicants|job applications)|cv screening|(?:promotion|termination|dismissal)s? (?:of|decisions?)|(?:monitor|evaluat|assess)\w* (?:the )?(?:performance of )?(?:employees|workers|staff)|task allocation/,
    ),
  },
  {
    // Annex III 5(a) names public authorities; humanitarian aid eligibility decides access to essential
    // assistance in the same way, so it is screened alike and the reviewer confirms.
    euAiActClass: EuAiActClass.HIGH,
    reference: 'Annex III 5(a)',
    label: 'eligibility for essential public assistance benefits and services',
    when: words(
      /(?:eligib|entitle)\w*[^.]{0,40}(?:benefits?|welfare|social (?:assistance|security|protection)|public (?:assistance|services)|cash (?:transfers?|assistance)|\baid\b|food assistance|housing)|(?:benefits?|welfare|social assistance|cash (?:transfers?|assistance)|food assistance|\baid) (?:eligibility|allocation|targeting|decisions?)|(?:grant|revok|reduc|reclaim|allocat)\w* (?:of )?(?:benefits|welfare|social assistance|\baid\b|cash transfers)|beneficiary (?:selection|targeting|registration|verification)/,
    ),
  },
  {
    euAiActClass: EuAiActClass.HIGH,
    reference: 'Annex III 5(b)',
    label: 'creditworthiness or credit scoring (fraud detection excepted)',
    when: allOf(
      words(
        /credit[- ]?(?:scor\w*|worth\w*|rating)|creditworth\w*|loan (?:approval|applications?|decisions?|eligibility)|lending decisions?/,
      ),
      unless(/fraud/),
    ),
  },
  {
    euAiActClass: EuAiActClass.HIGH,
    reference: 'Annex III 5(c)',
    label: 'risk assessment and pricing in life and health insurance',
    when: allOf(words(/(?:life|health) insurance/), words(/pric\w*|risk assess\w*|underwrit\w*/)),
  },
  {
    euAiActClass: EuAiActClass.HIGH,
    reference: 'Annex III 5(d)',
    label: 'emergency calls, dispatch of first responders, emergency patient triage',
    when: words(
      /emergency (?:calls?|dispatch\w*|response)|dispatch\w* (?:of )?(?:ambulances?|emergency|first responders|police|firefighters)|(?:patient|emergency|medical) triage/,
    ),
  },
  {
    // Software intended for diagnosis or treatment decisions is a medical device (Regulation (EU) 2017/745,
    // Annex VIII rule 11), usually class IIa or above, so it needs third-party conformity assessment.
    euAiActClass: EuAiActClass.HIGH,
    reference: 'Art. 6(1) with Annex I (Medical Devices Regulation (EU) 2017/745)',
    label: 'medical diagnosis, triage or treatment support as a safety component or medical device',
    when: allOf(
      words(
        /diagnos\w*|triage|clinical decision support|treatment (?:recommendations?|decisions?|plans?)|detect\w* (?:diseases?|cancers?|tumou?rs?|conditions?)/,
      ),
      HEALTH_CONTEXT,
    ),
  },
  {
    euAiActClass: EuAiActClass.HIGH,
    reference: 'Annex III 6',
    label: 'law enforcement',
    when: words(
      /law enforcement|police|policing|criminal investigation\w*|crime investigation\w*|evidence (?:reliability|evaluation)|polygraph\w*|lie detect\w*|profil\w* (?:of )?(?:suspects|offenders)/,
    ),
  },
  {
    euAiActClass: EuAiActClass.HIGH,
    reference: 'Annex III 7',
    label: 'migration, asylum and border control management',
    when: words(
      /asylum (?:applica\w*|claims?|decisions?)|(?:visa|residence permit|refugee status) (?:applica\w*|decisions?|determination|claims?)|border (?:control|management|checks?|surveillance|crossings?)|(?:assess|screen|profil)\w* (?:of )?(?:migrants|asylum seekers|refugees|travell?ers)|migration (?:control|management|risk)/,
    ),
  },
  {
    euAiActClass: EuAiActClass.HIGH,
    reference: 'Annex III 8(a)',
    label: 'administration of justice (researching and interpreting facts and the law, dispute resolution)',
    when: words(
      /\bcourts?\b|judicial|\bjudges?\b|sentencing|administration of justice|dispute resolution|legal rulings?/,
    ),
  },
  {
    euAiActClass: EuAiActClass.HIGH,
    reference: 'Annex III 8(b)',
    label: 'influencing elections, referendums or voting behaviour',
    when: words(
      /(?:influenc|persuad|target|sway)\w* (?:of )?(?:the )?(?:voters?|elections?|referend\w*|voting behaviou?r|outcome of (?:an |the )?(?:election|referendum))|political (?:campaigns?|micro-?targeting|advertis\w*)/,
    ),
  },

  // Article 50: transparency duties.
  {
    euAiActClass: EuAiActClass.LIMITED,
    reference: 'Art. 50(1)',
    label: 'interacts directly with people: they must be told they are dealing with an AI system',
    when: words(
      /chat ?bots?|conversational|virtual assistants?|\bassistants?\b|answer\w* (?:their |the )?(?:questions|queries)|helplines?|hotlines?|customer (?:support|service)|question[- ]answering|tutor\w*|interact\w* (?:directly )?with/,
    ),
  },
  {
    euAiActClass: EuAiActClass.LIMITED,
    reference: 'Art. 50(2) and 50(4)',
    label:
      'generates text, images, audio or video: outputs marked as AI-generated (provider) and deep fakes or public-interest text disclosed (deployer)',
    when: words(
      /generat\w*|synthetic|summari[sz]\w*|translat\w*|draft\w*|writ\w* (?:reports|articles|posts|messages|letters|content)|text[- ]to[- ](?:speech|image|video)|deep ?fakes?|(?:images?|audio|video|voice) (?:generation|synthesis|cloning)/,
    ),
  },
];

const CAVEATS: Readonly<Record<EuAiActClass, string>> = {
  [EuAiActClass.PROHIBITED]:
    'Keyword pre-screen: Article 5 has narrow exceptions (e.g. medical or safety reasons in 5(1)(f), authorised targeted searches in 5(1)(h)); legal review required before any further step.',
  [EuAiActClass.HIGH]:
    'Keyword pre-screen: under Art. 6(3) an Annex III system is not high-risk when it only performs a narrow procedural or preparatory task and does not materially influence decisions, unless it profiles people; the reviewer confirms and documents this.',
  [EuAiActClass.LIMITED]: 'Keyword pre-screen: the reviewer confirms the classification.',
  [EuAiActClass.MINIMAL]:
    'No Article 5 practice, Annex I or III area or Article 50 trigger found in the use case or affected population: minimal risk (voluntary codes of conduct, Art. 95); keyword pre-screen, the reviewer confirms.',
};

/**
 * Classifies the intended use: PROHIBITED (Art. 5), HIGH (Art. 6 with Annex I or III), LIMITED (Art. 50),
 * else MINIMAL. Every matching provision is listed (a high-risk chatbot also carries Art. 50 duties), highest
 * class first, each with the words that triggered it.
 *
 * @example classifyUse({ ...request, useCase: 'Screen CVs of job applicants' }).euAiActClass === EuAiActClass.HIGH
 */
export function classifyUse(request: RequestFacts): EuAiActClassification {
  const purpose = request.useCase.toLowerCase();
  const facts: UseFacts = { purpose, population: `${purpose}\n${request.affectedPopulation.toLowerCase()}`, request };
  const reasons: string[] = [];
  let euAiActClass = EuAiActClass.MINIMAL;
  for (const rule of EU_AI_ACT_RULES) {
    const evidence = rule.when(facts);
    if (!evidence) continue;
    if (euAiActClass === EuAiActClass.MINIMAL) euAiActClass = rule.euAiActClass;
    reasons.push(`${rule.reference}: ${rule.label} (${evidence.join(', ')})`);
  }
  reasons.push(CAVEATS[euAiActClass]);
  return { euAiActClass, reasons };
}
