import type { ReviewRequestData } from './types';

interface VoteLike {
  id: string;
  revision: number;
  vote: string;
  rationale: string;
}

/**
 * Who cast each vote, from the request's history: a vote carries only its approver's id, and each vote is
 * recorded in order as an `adoption_request.vote_cast` event whose actor is the approver's email and whose
 * payload repeats the vote. Votes are matched to those events in order; an unmatched vote keeps no name.
 */
export function votersOf(history: ReviewRequestData['history'], votes: readonly VoteLike[]): Map<string, string> {
  const cast = history
    .filter((h) => h.action === 'adoption_request.vote_cast')
    .map((h) => {
      const payload = payloadOf<{ revision?: number; vote?: string; rationale?: string }>(h.payload);
      return { actor: h.actor, payload, used: false };
    });
  const names = new Map<string, string>();
  for (const v of votes) {
    const event = cast.find(
      (c) =>
        !c.used &&
        c.payload.revision === v.revision &&
        c.payload.vote === v.vote &&
        c.payload.rationale === v.rationale,
    );
    if (event) {
      event.used = true;
      names.set(v.id, event.actor);
    }
  }
  return names;
}

/** A history event's JSON payload; empty when it is not JSON. */
export function payloadOf<T extends object>(payload: string): Partial<T> {
  try {
    const value: unknown = JSON.parse(payload);
    return typeof value === 'object' && value !== null ? (value as Partial<T>) : {};
  } catch {
    return {};
  }
}
