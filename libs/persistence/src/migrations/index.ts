import { Foundation1764230400000 } from './1764230400000-foundation';

/** Every migration, in order. New ones are appended here. */
export const MIGRATIONS = [Foundation1764230400000];
