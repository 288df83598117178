/**
 * The vocabulary of the EU AI Act pre-screen's rules: what a matcher reads, the evidence it returns (the
 * triggers), and the combinators the rules of `eu-ai-act-rules.ts` are written with.
 */
import type { EuAiActClass, RequestFacts, Sector } from './risk-context';

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
export const words =
  (pattern: RegExp): Matcher =>
  (u) =>
    found(pattern, u.purpose, 'useCase');
/**
 * Words in the use case once the phrases of `outside` are blanked out: "detect AI-generated images" does not
 * say that the system generates anything.
 */
export const wordsOutside =
  (pattern: RegExp, outside: RegExp): Matcher =>
  (u) =>
    found(pattern, u.purpose.replace(new RegExp(outside.source, 'g'), ' '), 'useCase');
/** Words in the use case, else in the affected population. */
export const who =
  (pattern: RegExp): Matcher =>
  (u) =>
    found(pattern, u.purpose, 'useCase') ?? found(pattern, u.population, 'affectedPopulation');
export const inSector =
  (...sectors: Sector[]): Matcher =>
  (u) =>
    sectors.includes(u.request.sector) ? [{ field: 'sector', text: u.request.sector }] : null;
export const allOf =
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
export const anyOf =
  (...matchers: Matcher[]): Matcher =>
  (u) => {
    for (const m of matchers) {
      const hit = m(u);
      if (hit) return hit;
    }
    return null;
  };
/** Holds unless the use case has these words. */
export const unless =
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
