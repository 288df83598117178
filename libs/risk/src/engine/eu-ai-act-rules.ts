/**
 * The provisions of the EU AI Act (Regulation (EU) 2024/1689) that the keyword pre-screen looks for, each with
 * the words or facts that bring a use under it. Read by `classifyUse` (eu-ai-act.ts); kept apart for size.
 *
 * Each rule describes a purpose, as Article 5 and Annex III do ("intended to be used to ..."): the words must
 * say what the system does, not merely name a topic. A use that only mentions emergencies, benefits or
 * deepfakes (e.g. "summarise emergency procedures", "detect deepfakes") is not brought under a provision by
 * the mention alone.
 */
import { EuAiActClass, type RequestFacts, Sector } from './risk-context';

/**
 * What a matcher reads, in lower case: the purpose is the use case alone (Annex III and Article 5 describe
 * purposes); the population is the affected population, read only for who is affected (children, workers,
 * pupils), so "job applicants" as an audience does not make a chatbot a recruitment system.
 */
export interface UseFacts {
  purpose: string;
  population: string;
  request: RequestFacts;
}

/** One thing that brought a use under a provision: the request field and the words (or value) found there. */
export interface Trigger {
  /** `useCase`, `affectedPopulation` or `sector`. */
  field: 'useCase' | 'affectedPopulation' | 'sector';
  text: string;
}

/** Evidence (the triggers) when the condition holds, otherwise null. */
export type Matcher = (u: UseFacts) => Trigger[] | null;

const found = (pattern: RegExp, text: string, field: Trigger['field']): Trigger[] | null => {
  const m = pattern.exec(text);
  return m ? [{ field, text: m[0].trim() }] : null;
};
/** Words in the use case. */
const words =
  (pattern: RegExp): Matcher =>
  (u) =>
    found(pattern, u.purpose, 'useCase');
/**
 * Words in the use case once the phrases of `outside` are blanked out: "detect AI-generated images" does not
 * say that the system generates anything.
 */
const wordsOutside =
  (pattern: RegExp, outside: RegExp): Matcher =>
  (u) =>
    found(pattern, u.purpose.replace(new RegExp(outside.source, 'g'), ' '), 'useCase');
/** Words in the use case, else in the affected population. */
const who =
  (pattern: RegExp): Matcher =>
  (u) =>
    found(pattern, u.purpose, 'useCase') ?? found(pattern, u.population, 'affectedPopulation');
const inSector =
  (...sectors: Sector[]): Matcher =>
  (u) =>
    sectors.includes(u.request.sector) ? [{ field: 'sector', text: u.request.sector }] : null;
const allOf =
  (...matchers: Matcher[]): Matcher =>
  (u) => {
    const evidence: Trigger[] = [];
    for (const m of matchers) {
      const hit = m(u);
      if (!hit) return null;
      evidence.push(...hit);
    }
    return evidence;
  };
const anyOf =
  (...matchers: Matcher[]): Matcher =>
  (u) => {
    for (const m of matchers) {
      const hit = m(u);
      if (hit) return hit;
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
  /** Article or annex point, e.g. `Annex III 3(b)`. */
  reference: string;
  label: string;
  when: Matcher;
}

const EMOTION = words(
  /emotion(?:al)? (?:recognition|detection|analysis|state)s?|recogni[sz]\w* (?:the )?emotions|(?:detect|infer|read|track)\w* (?:the |their )?(?:emotions|moods?)\b/,
);
const WORK_OR_EDUCATION = anyOf(
  who(
    /workplace|employees?|workers?|\bstaff\b|volunteers?|schools?|students?|pupils?|classrooms?|universit\w*|teachers?/,
  ),
  inSector(Sector.EDUCATION),
);
/** A protective verb governing the practice: "detect manipulative techniques", "report content that manipulates". */
const PROTECTIVE =
  /\b(?:detect|protect|prevent|safeguard|flag|report|counter|recogni[sz]|spot|research|block|filter|remov)\w* (?:[\w'’-]+ ){0,4}(?:manipulat|deceptive|subliminal|dark patterns?|exploit)|\b(?:protect|safeguard)\w* (?:[\w'’-]+ ){0,3}(?:from|against)\b|awareness/;
/** The use is about a practice (researching, documenting, auditing it), not carrying it out. */
const ABOUT_PRACTICE = unless(
  /\b(?:research\w* (?:on|into|about|the)|report\w* (?:on|about)|document\w* (?:cases|abuses|the use|how)|stud(?:y|ies|ying) (?:of|on|the|how)|expos\w*|advoca\w*|campaign\w* against|audit\w*|monitor\w* (?:the |their )?use of|explain\w* (?:how|what|the risks|the harms)|teach\w* (?:[\w'’-]+ ){0,3}(?:about|to recogni[sz]e|to spot)|awareness)\b/,
);
const HEALTH_CONTEXT = anyOf(inSector(Sector.HEALTH), who(/patients?|clinic\w*|medical|hospitals?|health/));
/** Phrases that say a system finds or checks content rather than making it (not an Art. 50(2)/(4) trigger). */
const DETECTION =
  /\b(?:detect|identif|spot|flag|recogni[sz]|classif|verif|debunk|fact-check|label|screen)\w* (?:[\w'’-]+ ){0,3}(?:(?:ai|machine)[- ]generated|generated|synthetic|deep ?fakes?|manipulated|fake)\b(?:[ -](?!and\b|then\b|to\b)[\w'’-]+){0,5}/;
/** "Income-generating activities" and the like: nothing is generated by the system. */
const NOT_CONTENT =
  /(?:income|revenue|cash|job|employment|energy|power|electricity|solar)[- ]generat\w*|generat\w* (?:of )?(?:income|revenue|electricity|power|jobs|leads)/;
const ASSISTANCE =
  /benefits?|welfare|social (?:assistance|security|protection|housing)|public assistance|cash|\baid\b|assistance|food|shelter|housing|health ?care|health services|medical care|vouchers?|rations?|distributions?|relief|support (?:programmes?|payments?)|allowances?|subsid\w*|school meals|scholarships?|free (?:treatment|care|medicines?|surgery)|fee waivers?|health (?:fund|coverage|cover)/;
const PEOPLE =
  /households|families|beneficiaries|applicants|claimants|recipients|people|persons|individuals|refugees|displaced|migrants|patients|residents|villages|communities|pupils|students/;
const EMERGENCY_CONTACT =
  /(?:emergency|distress|sos|112|911|999|rescue) (?:calls?|messages?|texts?|sms|alerts?|requests?|reports?|signals?)/;

/** The rules, PROHIBITED first, then HIGH, then LIMITED; the class of a use is that of its first match. */
export const EU_AI_ACT_RULES: readonly AiActRule[] = [
  // Article 5(1): prohibited practices.
  {
    euAiActClass: EuAiActClass.PROHIBITED,
    reference: 'Art. 5(1)(a)',
    label: 'subliminal, manipulative or deceptive techniques that distort behaviour',
    when: allOf(
      words(/subliminal|manipulative (?:techniques?|design|messaging)|deceptive techniques?/),
      unless(PROTECTIVE),
      ABOUT_PRACTICE,
    ),
  },
  {
    euAiActClass: EuAiActClass.PROHIBITED,
    reference: 'Art. 5(1)(b)',
    label: 'exploiting vulnerabilities due to age, disability or social or economic situation',
    when: allOf(
      words(
        /manipulat\w*|exploit\w* (?:[\w'’-]+ ){0,2}(?:vulnerabilit\w*|loneliness|fears?|debts?|addiction)|exploit\w* (?:children|minors|elderly|disabled)|dark patterns?|pressur\w* (?:[\w'’-]+ ){0,3}(?:into|to) (?:buy|borrow|pay|sign|spend)/,
      ),
      who(
        /children|minors|\bkids\b|disabilit\w*|disabled|elderly|older (?:people|persons|adults)|vulnerable (?:people|persons|groups|users|adults)|poverty|low[- ]income|debt|gambl\w*|dementia/,
      ),
      unless(PROTECTIVE),
    ),
  },
  {
    euAiActClass: EuAiActClass.PROHIBITED,
    reference: 'Art. 5(1)(c)',
    label: 'social scoring',
    when: allOf(
      ABOUT_PRACTICE,
      words(
        /social (?:credit|scor\w*)|trustworthiness scor\w*|citizen scor\w*|scor\w* (?:[\w'’-]+ ){0,2}(?:citizens|residents|people|tenants|families|households) (?:on|by|based on|for) (?:their )?(?:social |online )?(?:behaviou?r|conduct|trustworthiness|loyalty)|(?:rate|rank)\w* (?:[\w'’-]+ ){0,2}(?:citizens|residents|people|tenants|families|households) (?:by|on) (?:their )?(?:trustworthiness|social behaviou?r|loyalty)/,
      ),
    ),
  },
  {
    euAiActClass: EuAiActClass.PROHIBITED,
    reference: 'Art. 5(1)(d)',
    label: 'predicting criminal offences from profiling or personality traits alone',
    when: allOf(
      ABOUT_PRACTICE,
      words(
        /predictive policing|crime prediction|predict\w*\s+(?:[\w'’-]+\s+){0,6}(?:crimes?|criminal\w*|offen[cs]\w*|re-?offend\w*|recidivism|delinquen\w*|radicali[sz]\w*)|risk of (?:re-?)?offending|(?:likely|likelihood) (?:[\w'’-]+ ){0,3}(?:to )?(?:commit|become) (?:[\w'’-]+ ){0,2}(?:crimes?|offen[cs]es|criminals?|offenders)/,
      ),
    ),
  },
  {
    euAiActClass: EuAiActClass.PROHIBITED,
    reference: 'Art. 5(1)(e)',
    label: 'untargeted scraping of facial images to build facial recognition databases',
    when: allOf(ABOUT_PRACTICE, words(/scrap\w*[^.]{0,60}(?:facial|faces?)\b|(?:facial|faces?)\b[^.]{0,60}scrap\w*/)),
  },
  {
    euAiActClass: EuAiActClass.PROHIBITED,
    reference: 'Art. 5(1)(f)',
    label: 'emotion recognition in the workplace or in education (unless for medical or safety reasons)',
    when: allOf(EMOTION, WORK_OR_EDUCATION, unless(/medical|safety|therap\w*|clinical/), ABOUT_PRACTICE),
  },
  {
    euAiActClass: EuAiActClass.PROHIBITED,
    reference: 'Art. 5(1)(g)',
    label:
      'biometric categorisation inferring race, political opinions, religion, trade-union membership or sexual orientation',
    when: allOf(
      words(/biometric\w*|facial|faces?\b|voices?\b|photos?\b|gait/),
      words(/categori[sz]\w*|infer\w*|classif\w*|deduc\w*|predict\w*|guess\w*|sort\w*/),
      words(
        /\brace\b|ethnic\w*|political (?:opinions?|views|affiliation|leanings?)|religio\w*|sexual orientation|sex life|trade[- ]union|\b(?:gay|lesbian)\b/,
      ),
    ),
  },
  {
    euAiActClass: EuAiActClass.PROHIBITED,
    reference: 'Art. 5(1)(h)',
    label: 'real-time remote biometric identification in publicly accessible spaces for law enforcement',
    when: allOf(
      words(/real[- ]?time|live\b/),
      words(/biometric identification|facial recognition|face recognition|identify\w* (?:people|persons|individuals)/),
      words(/police|law enforcement|policing/),
    ),
  },

  // Article 6(2) with Annex III, and Article 6(1) with Annex I (product safety legislation): high risk.
  {
    euAiActClass: EuAiActClass.HIGH,
    reference: 'Annex III 1(a)',
    label: 'remote biometric identification (verification that a person is who they claim to be excepted)',
    when: allOf(
      words(
        /biometric identification|facial recognition|face recognition|identify\w* (?:people|persons|individuals|visitors|faces) (?:by|from) (?:their )?(?:faces?|voices?|gait|photos?|cctv|camera)/,
      ),
      unless(/\b(?:verif\w*|authenticat\w*|unlock\w*|log ?in|sign ?in)\b/),
    ),
  },
  {
    euAiActClass: EuAiActClass.HIGH,
    reference: 'Annex III 1(b)',
    label: 'biometric categorisation by sensitive or protected attributes',
    when: words(
      /biometric categori[sz]\w*|categori[sz]\w* (?:[\w'’-]+ ){0,3}(?:by|from) (?:their )?(?:faces?|voices?|biometric)/,
    ),
  },
  { euAiActClass: EuAiActClass.HIGH, reference: 'Annex III 1(c)', label: 'emotion recognition', when: EMOTION },
  {
    euAiActClass: EuAiActClass.HIGH,
    reference: 'Annex III 2',
    label:
      'safety component in the management of critical infrastructure, road traffic, water, gas, heating or electricity',
    when: words(
      /critical (?:digital )?infrastructure|(?:power|electricity|energy) grids?|(?:water|gas|heating|electricity) (?:supply|distribution|network|treatment)|road traffic|traffic (?:control|management|lights?)/,
    ),
  },
  {
    euAiActClass: EuAiActClass.HIGH,
    reference: 'Annex III 3(a)',
    label: 'education: access or admission to, or assignment to, educational and vocational training institutions',
    when: words(
      /(?:school|university|college|student|programme|program|course|training) (?:admissions?|places?|enrol?ments?)|admissions? (?:to|into|for) (?:[\w'’-]+ ){0,2}(?:schools?|universit\w*|colleges?|programmes?|programs?|courses?)|admit\w* (?:[\w'’-]+ ){0,2}(?:students|pupils|applicants|learners)|(?:allocat|assign)\w* (?:[\w'’-]+ ){0,2}(?:students|pupils|learners|children) (?:to|among|between) (?:[\w'’-]+ ){0,2}(?:schools?|classes|colleges?|training (?:centres|programmes))|scholarship (?:selection|decisions?|applications?)|(?:select|shortlist|rank)\w* (?:[\w'’-]+ ){0,2}(?:scholarship|bursary) (?:applicants|candidates|recipients)/,
    ),
  },
  {
    // "including when those outcomes are used to steer the learning process": adaptive and personalised
    // learning that decides what a learner does next evaluates learning outcomes to steer learning.
    euAiActClass: EuAiActClass.HIGH,
    reference: 'Annex III 3(b)',
    label: 'education: evaluating learning outcomes, including to steer the learning process',
    when: anyOf(
      words(
        /\b(?:grad(?:e|es|ed|ing)|mark(?:s|ed|ing)?|scor(?:e|es|ed|ing)|assess\w*|evaluat\w*|correct(?:s|ed|ing)?)\b (?:(?:the|their|each|all|every) )?(?:students|pupils|learners|trainees)\b(?!'? (?:needs|wellbeing|well-being|questions|feedback|requests))|\b(?:grad(?:e|es|ed|ing)|mark(?:s|ed|ing)?|scor(?:e|es|ed|ing)|assess\w*|evaluat\w*|correct(?:s|ed|ing)?)\b (?:[\w'’-]+ ){0,3}(?:exams?|exam scripts|essays?|assignments?|homework|coursework|dictations?|(?:students'?|pupils'?|learners'?|school|class|written|practice|reading|maths?|spelling) tests?|quizz?\w*|reading (?:fluency|level)|learning outcomes?|learning progress|competenc\w*)\b|steer\w* (?:[\w'’-]+ ){0,3}(?:learning|study|studies|lessons|progress|curricul\w*)|(?:personali[sz]\w*|adaptive|individuali[sz]\w*|tailor\w*) (?:[\w'’-]+ ){0,2}(?:learning|study) (?:paths?|pathways?|plans?|sequences?|journeys?)|adaptive (?:learning|tutoring|testing)|(?:decid|choos|select|recommend)\w* (?:[\w'’-]+ ){0,3}(?:which|what|the next) (?:[\w'’-]+ ){0,2}(?:lessons?|exercises?|modules?|units?|activities|topics?) (?:[\w'’-]+ ){0,3}(?:pupils?|students?|learners?|each child) (?:should |will )?(?:take|do|study|work on|receive|see)|learning (?:paths?|pathways?) (?:for|of) (?:each )?(?:pupils?|students?|learners?|children)/,
      ),
      allOf(
        words(
          /(?:feedback|comments?) on (?:[\w'’-]+ ){0,2}(?:essays?|homework|assignments?|writing|answers|compositions?|exercises)|(?:suggest|recommend|assign|choos|select|propos)\w* (?:[\w'’-]+ ){0,2}(?:exercises|lessons|activities|practice (?:tasks|exercises|questions)|next steps|reading (?:levels?|materials?))/,
        ),
        anyOf(inSector(Sector.EDUCATION), who(/pupils?|students?|learners?|trainees?|children/)),
      ),
    ),
  },
  {
    euAiActClass: EuAiActClass.HIGH,
    reference: 'Annex III 3(c)',
    label: 'education: assessing the appropriate level of education a person will receive or access',
    when: words(
      /placement (?:tests?|exams?|decisions?)|\b(?:stream|set)(?:s|ed|ing)? (?:the )?(?:students|pupils|learners) (?:by|into|according to)|(?:decid|determin|assess|recommend)\w* (?:[\w'’-]+ ){0,3}(?:which|the (?:right|appropriate)) (?:grade|level|track|stream|class) (?:[\w'’-]+ ){0,3}(?:pupils?|students?|learners?|children|a child)|(?:assign|allocat|plac)\w* (?:[\w'’-]+ ){0,2}(?:pupils|students|learners|children) (?:to|into|in) (?:[\w'’-]+ ){0,2}(?:ability groups?|levels?|grades?|tracks?|streams?|remedial classes)/,
    ),
  },
  {
    euAiActClass: EuAiActClass.HIGH,
    reference: 'Annex III 3(d)',
    label: 'education: monitoring and detecting prohibited behaviour of students during tests',
    when: words(
      /proctor\w*|exam (?:monitoring|surveillance|invigilation)|invigilat\w*|(?:detect|monitor|catch|flag)\w* (?:[\w'’-]+ ){0,2}(?:cheating|plagiarism|misconduct) (?:[\w'’-]+ ){0,3}(?:exams?|tests?|assessments?)|(?:detect|catch|flag)\w* (?:students|pupils|candidates) (?:who )?cheat\w*/,
    ),
  },
  {
    euAiActClass: EuAiActClass.HIGH,
    reference: 'Annex III 4(a)',
    label:
      'employment: recruitment or selection, targeted job adverts, analysing and filtering applications, evaluating candidates',
    when: allOf(
      words(
        /\b(?:recruitment|recruiting|recruit|hiring|hire)\b|job (?:applica\w*|candidates?|interviews?)|(?:screen|rank|shortlist|filter|sort|scor)\w* (?:[\w'’-]+ ){0,2}(?:cvs?|résumés?|resumes?|candidates|applicants|job applications)|cv screening|(?:target\w*|show\w*) (?:[\w'’-]+ ){0,2}job (?:ads|adverts|advertisements|vacancies)/,
      ),
      unless(
        /recruit\w* (?:[\w'’-]+ ){0,3}(?:participants|volunteers|respondents|patients|subjects|members|donors)|(?:participant|patient|volunteer|donor) recruitment|questions of (?:[\w'’-]+ ){0,3}(?:looking for work|job ?seekers)/,
      ),
    ),
  },
  {
    euAiActClass: EuAiActClass.HIGH,
    reference: 'Annex III 4(b)',
    label:
      'employment: promotion, termination, task allocation by behaviour or traits, monitoring and evaluating workers',
    when: words(
      /(?:promotion|termination|dismissal|redundanc\w*)s? (?:of|decisions?)|decid\w* (?:[\w'’-]+ ){0,3}(?:promot\w*|dismiss\w*|fire|terminat\w*|lay off)|(?:monitor|evaluat|assess|rate|rank|scor)\w* (?:the )?(?:performance|productivity|behaviou?r) of (?:[\w'’-]+ ){0,2}(?:employees|workers|staff|drivers|nurses|teachers|volunteers|agents)|(?:monitor|evaluat|assess|rate|rank|scor)\w* (?:[\w'’-]+ ){0,2}(?:employees|workers|staff members|drivers|agents)(?:'|’)? (?:performance|productivity|behaviou?r)|task allocation|allocat\w* (?:shifts|tasks) (?:[\w'’-]+ ){0,3}(?:based on|by) (?:[\w'’-]+ ){0,2}(?:behaviou?r|personality|traits|performance)/,
    ),
  },
  {
    // Annex III 5(a) names public authorities (or those acting on their behalf); eligibility for humanitarian
    // aid and prioritising who receives assistance decide access to essential assistance in the same way, so
    // they are screened alike and the reviewer confirms whether the organisation acts on an authority's behalf.
    euAiActClass: EuAiActClass.HIGH,
    reference: 'Annex III 5(a)',
    label:
      'eligibility for essential public assistance benefits and services (including healthcare), or granting, reducing, revoking or reclaiming them',
    when: anyOf(
      allOf(
        words(
          /(?:assess|evaluat|determin|decid|check|verif|screen|predict|establish|judg|scor)\w* (?:[\w'’-]+ ){0,5}(?:eligib|entitle|qualif)\w*|(?:eligibility|entitlement) (?:decisions?|assessments?|checks?|screening|determinations?|scor\w*|verification|rules engine)/,
        ),
        words(ASSISTANCE),
      ),
      words(
        /(?:grant|revok|reduc|reclaim|withdraw|suspend|cut|stop|allocat|ration)\w* (?:[\w'’-]+ ){0,3}(?:benefits|welfare (?:payments|support)|social assistance|\baid\b|cash transfers|cash assistance|food assistance|assistance|allowances?|vouchers|rations|shelter places)/,
      ),
      words(
        new RegExp(
          `(?:prioriti[sz]|rank|triag|target|select|shortlist|choos)\\w* (?:[\\w'’-]+ ){0,4}(?:${PEOPLE.source})\\b[^.]{0,60}\\b(?:${ASSISTANCE.source})`,
        ),
      ),
      words(
        /who (?:[\w'’-]+ ){0,2}(?:receives?|gets?|qualifies for|is eligible for|should be helped|is helped) (?:[\w'’-]+ ){0,3}(?:aid|assistance|support|benefits|relief|shelter|housing|food|cash|help|treatment|care)|(?:beneficiary|recipient) (?:selection|targeting|prioriti[sz]ation|ranking|verification|scoring)|(?:aid|assistance|benefits?|welfare|relief) (?:eligibility|allocation|targeting|prioriti[sz]ation|decisions?)|vulnerability (?:scor\w*|rank\w*|index\w*) (?:[\w'’-]+ ){0,6}(?:aid|assistance|support|cash|distributions?|targeting)|(?:select|choos|shortlist|prioriti[sz]|rank)\w* (?:[\w'’-]+ ){0,2}(?:beneficiaries|recipients)\b/,
      ),
    ),
  },
  {
    euAiActClass: EuAiActClass.HIGH,
    reference: 'Annex III 5(b)',
    label: 'creditworthiness or credit scoring (fraud detection excepted)',
    when: allOf(
      words(
        /credit[- ]?(?:scor\w*|worth\w*|rating)|creditworth\w*|loan (?:approval|applications?|decisions?|eligibility)|lending decisions?|(?:approv|decid|assess)\w* (?:[\w'’-]+ ){0,3}(?:micro-?)?loans?\b/,
      ),
      unless(/fraud/),
    ),
  },
  {
    euAiActClass: EuAiActClass.HIGH,
    reference: 'Annex III 5(c)',
    label: 'risk assessment and pricing in life and health insurance',
    when: allOf(words(/(?:life|health|medical) insurance/), words(/pric\w*|risk assess\w*|underwrit\w*|premiums?/)),
  },
  {
    euAiActClass: EuAiActClass.HIGH,
    reference: 'Annex III 5(d)',
    label:
      'evaluating and classifying emergency calls, dispatching or prioritising emergency first response, emergency patient triage',
    when: words(
      new RegExp(
        [
          `(?:rout|dispatch|prioriti[sz]|triag|classif|categori[sz]|sort|rank|assess|evaluat|escalat|forward|transcrib\\w* and classif)\\w* (?:[\\w'’-]+ ){0,3}${EMERGENCY_CONTACT.source}`,
          `${EMERGENCY_CONTACT.source} (?:[\\w'’-]+ ){0,3}(?:routing|dispatch\\w*|triage|prioriti[sz]ation|classification|(?:to|for) (?:the )?(?:right|nearest|appropriate) (?:responders?|teams?|units?|services?))`,
          `(?:dispatch|send|deploy)\\w* (?:of )?(?:[\\w'’-]+ ){0,2}(?:ambulances?|emergency|first responders|rescue (?:teams?|boats?)|search and rescue|police|firefighters|fire (?:crews|brigades?|engines?)|paramedics|medical teams?)`,
          `(?:prioriti[sz]|allocat|sequenc)\\w* (?:[\\w'’-]+ ){0,2}(?:ambulances?|rescue (?:teams?|boats?)|first responders|emergency (?:teams|responders|services|response|medical services))`,
          `(?:patient|emergency|medical|casualty|mass casualty|er|a&e|emergency department) triage|triag\\w* (?:of )?(?:[\\w'’-]+ ){0,2}(?:patients|casualties|the injured|injured people)`,
          `(?:detect|flag|identify|spot)\\w* (?:[\\w'’-]+ ){0,3}(?:distress|sos|life-threatening emergency) (?:calls?|messages?|signals?)`,
          `(?:rout|forward|assign|dispatch|direct)\\w* (?:[\\w'’-]+ ){0,8}(?:to|towards) (?:the )?(?:right |nearest |appropriate |available )?(?:responders|first responders|rescue (?:teams?|services)|emergency (?:services|teams|responders)|ambulances?)`,
        ].join('|'),
      ),
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
        /diagnos\w*|triage|clinical decision support|treatment (?:recommendations?|decisions?|plans?)|(?:recommend|suggest|adjust|calculat)\w* (?:[\w'’-]+ ){0,2}(?:doses|dosages?|medication)|detect\w* (?:[\w'’-]+ ){0,2}(?:diseases?|cancers?|tumou?rs?|conditions?|malaria|tuberculosis|pneumonia|malnutrition|sepsis|retinopathy)|screen\w* (?:[\w'’-]+ ){0,2}(?:for )?(?:cancers?|tuberculosis|malnutrition|retinopathy|diseases?)/,
      ),
      HEALTH_CONTEXT,
      unless(
        /\b(?:failures?|faults?|pumps?|engines?|machines?|vehicles?|crops?|plants?|livestock|cattle|software|bugs?)\b/,
      ),
    ),
  },
  {
    euAiActClass: EuAiActClass.HIGH,
    reference: 'Annex III 6',
    label: 'law enforcement (used by or on behalf of law enforcement authorities)',
    when: anyOf(
      words(
        /polygraph\w*|lie detect\w*|(?:reliability|credibility) of (?:[\w'’-]+ ){0,2}(?:evidence|witness\w*|testimon\w*)|evidence (?:reliability|evaluation)|profil\w* (?:of )?(?:suspects|offenders)|criminal investigation\w*|crime investigation\w*/,
      ),
      allOf(
        words(/police|policing|law enforcement|prosecut\w*|investigators/),
        words(
          /(?:assess|predict|estimat|scor)\w* (?:[\w'’-]+ ){0,4}(?:risk|likelihood) (?:[\w'’-]+ ){0,4}(?:victim\w*|offend\w*|re-?offend\w*)|becom\w* (?:a )?victims?|evaluat\w* (?:[\w'’-]+ ){0,2}evidence|analy[sz]\w* (?:[\w'’-]+ ){0,2}(?:evidence|case files|crime data)|profil\w*|(?:identify|track|locat)\w* (?:[\w'’-]+ ){0,2}suspects|investigat\w*/,
        ),
        unless(
          /(?:abuse|violence|misconduct|brutality|killings?) by (?:the )?police|police (?:abuse|violence|misconduct|brutality|killings?)/,
        ),
      ),
    ),
  },
  {
    euAiActClass: EuAiActClass.HIGH,
    reference: 'Annex III 7',
    label: 'migration, asylum and border control management',
    when: words(
      /(?:assess|examin|evaluat|decid|process|screen|review|verif|determin|triag|prioriti[sz]|scor)\w* (?:[\w'’-]+ ){0,3}(?:asylum|visa|residence[- ]permit|refugee status|protection|resettlement) (?:applica\w*|claims?|requests?|cases?)|(?:asylum|visa|residence[- ]permit|refugee status|resettlement) (?:decisions?|determinations?|eligibility|adjudication|credibility)|border (?:control|management|checks?|surveillance|crossings?)|(?:assess|screen|profil|risk[- ]scor)\w* (?:of )?(?:migrants|asylum seekers|refugees|travell?ers)\b(?! (?:needs|for (?:services|assistance)))|migration (?:control|management|risk)|irregular migration/,
    ),
  },
  {
    euAiActClass: EuAiActClass.HIGH,
    reference: 'Annex III 8(a)',
    label:
      'administration of justice (researching and interpreting facts and the law for a judicial authority, dispute resolution)',
    when: words(
      /(?:for|by|assist\w*|help\w*|support\w*) (?:the )?(?:judges?|courts?|judicial authorit\w*|tribunals?|magistrates?|arbitrators?)\b|judicial (?:decisions?|authorit\w*|rulings?)|sentencing|administration of justice|(?:alternative|online) dispute resolution|resolv\w* (?:[\w'’-]+ ){0,2}disputes|arbitrat(?:ion|e|ing)\b|draft\w* (?:[\w'’-]+ ){0,2}(?:judgments|judgements|court rulings)/,
    ),
  },
  {
    euAiActClass: EuAiActClass.HIGH,
    reference: 'Annex III 8(b)',
    label:
      'influencing the outcome of an election or referendum or voting behaviour (administrative campaign tools excepted)',
    when: words(
      /(?:influenc|persuad|target|sway|micro-?target|nudg)\w* (?:[\w'’-]+ ){0,2}(?:voters?|elections?|referend\w*|voting (?:behaviou?r|intentions?|choices?)|outcome of (?:an |the )?(?:election|referendum))|political (?:micro-?targeting|advertis\w*)|(?:change|shift)\w* (?:[\w'’-]+ ){0,2}(?:how|whom) (?:[\w'’-]+ ){0,2}vote/,
    ),
  },

  // Article 50: transparency duties.
  {
    euAiActClass: EuAiActClass.LIMITED,
    reference: 'Art. 50(1)',
    label: 'interacts directly with people: they must be told they are dealing with an AI system',
    when: words(
      /chat ?bots?|\bbots?\b|conversational|(?:virtual|ai|digital|voice|writing|chat|study|learning|tutoring|research|health|legal|answering) (?:assistants?|agents?|companions?|coach\w*)|answer\w* (?:[\w'’-]+ ){0,3}(?:questions|queries|enquiries|inquiries)|(?:respond|reply|replie)\w* (?:[\w'’-]+ ){0,2}(?:to )?(?:[\w'’-]+ ){0,2}(?:messages|questions|queries|enquiries|texts)|customer (?:support|service)|question[- ]answering|\btutor\w*|(?:talk|chat|convers)\w* with (?:[\w'’-]+ ){0,2}(?:users|people|callers|patients|pupils|students|learners|farmers|residents|refugees|survivors|visitors|members|families|parents|clients|citizens|the public|beneficiaries)|interact\w* (?:directly )?with (?:[\w'’-]+ ){0,2}(?:users|people|callers|patients|pupils|students|learners|farmers|residents|refugees|the public|beneficiaries|citizens)|voice (?:line|agent|bot)|ivr\b/,
    ),
  },
  {
    euAiActClass: EuAiActClass.LIMITED,
    reference: 'Art. 50(2)',
    label:
      'generates synthetic text, images, audio or video: the provider marks the outputs as AI-generated (standard editing that does not substantially alter the input excepted)',
    when: (u) =>
      wordsOutside(
        /\bgenerat\w*|synthetic|synthesi[sz]\w*|summari[sz]\w*|translat\w*|draft\w*|rewrit\w*|paraphras\w*|simplif\w* (?:[\w'’-]+ ){0,3}(?:texts?|language|documents|forms|letters|leaflets|notices|guidance|information)|writ\w* (?:[\w'’-]+ ){0,2}(?:reports|articles|posts|messages|letters|content|stories|scripts|answers|replies|descriptions|captions|summaries)|compos\w* (?:[\w'’-]+ ){0,2}(?:messages|letters|replies|posts)|text[- ]to[- ](?:speech|image|video)|(?:images?|audio|video|voice|speech|music) (?:generation|synthesis|cloning)|voice[- ]?overs?|narrat\w* (?:[\w'’-]+ ){0,2}(?:audio|videos?|stories)|illustrat\w* (?:[\w'’-]+ ){0,2}(?:stories|books|materials|leaflets)/,
        new RegExp(`${DETECTION.source}|${NOT_CONTENT.source}`),
      )(u),
  },
  {
    euAiActClass: EuAiActClass.LIMITED,
    reference: 'Art. 50(3)',
    label: 'emotion recognition or biometric categorisation: the deployer informs the people exposed to it',
    when: anyOf(EMOTION, words(/biometric categori[sz]\w*/)),
  },
  {
    // Art. 50(4) binds deployers that generate or manipulate deep fakes (Art. 3(60)): detecting them is not
    // generating them, so "detect deepfakes" is outside the blanking of DETECTION and never matches here.
    euAiActClass: EuAiActClass.LIMITED,
    reference: 'Art. 50(4)',
    label:
      'generates or manipulates deep fakes, or text published to inform the public on matters of public interest: the deployer discloses it (human editorial responsibility excepted for text)',
    when: wordsOutside(
      /(?:generat|creat|produc|mak|synthesi[sz]|manipulat|alter)\w* (?:[\w'’-]+ ){0,3}(?:deep ?fakes?|synthetic (?:videos?|images?|photos?|voices?|audio|faces?|avatars?)|fake (?:videos?|images?|photos?|audio|voices?)|(?:photo)?realistic (?:[\w'’-]+ ){0,2}(?:images?|videos?|avatars?) of (?:a |the |real )?(?:[\w'’-]+ )?(?:people|persons|politicians|leaders|ministers?|officials?|celebrit\w*|public figures|survivors|patients))|(?:voice|face) (?:cloning|clones?|swap\w*)|clon\w* (?:[\w'’-]+ ){0,3}voices?|deep ?fake (?:videos?|audio|images?) (?:of|for)|(?:writ|draft|generat|produc|publish)\w* (?:[\w'’-]+ ){0,3}(?:news (?:articles|stories|items|bulletins)|press releases|public (?:announcements|statements|information)|public health (?:messages|information|announcements|alerts|bulletins))/,
      DETECTION,
    ),
  },
];
