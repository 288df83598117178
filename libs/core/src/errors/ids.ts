import { NotFoundError } from './app-errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** An id that is not even well-formed names nothing: NOT_FOUND, like any unknown id. */
export function requireUuid(entity: string, id: string): string {
  if (!isUuid(id)) throw new NotFoundError(entity, id);
  return id;
}
