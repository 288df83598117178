import { Type } from '@nestjs/common';
import { Field, Int, ObjectType } from '@nestjs/graphql';
import { BadUserInputError } from '../errors/app-errors';
import { isUuid } from '../errors/ids';
import { TEXT_LIMITS, TextArg, unsafeTextProblem } from './text-field';

/** At most this many rows a page, whatever `first` asks for (ARCHITECTURE.md section 7). */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

@ObjectType()
export class PageInfo {
  @Field() hasNextPage: boolean;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

/** A Relay connection type for `T`, named `<name>Connection` (with `<name>Edge`). */
export function Connection<T>(node: Type<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field() cursor: string;
    @Field(() => node) node: T;
  }

  @ObjectType(`${name}Connection`, { isAbstract: true })
  abstract class ConnectionType {
    // The page size is counted once, at the connection's own field (pageComplexity): edges add nothing.
    @Field(() => [EdgeType], { complexity: ({ childComplexity }) => childComplexity }) edges: Edge<T>[];
    @Field(() => PageInfo) pageInfo: PageInfo;
    @Field(() => Int, {
      description:
        'Rows matching the filter, on all pages: exact when totalCountExact is true; otherwise (more rows than ' +
        "the service counts exactly, LIST_EXACT_COUNT_LIMIT) the database planner's estimate, at least that limit + 1.",
    })
    totalCount: number;
    @Field({
      description:
        'True when totalCount is an exact count; false when it is an estimate (lists whose filter matches more ' +
        'rows than the service counts exactly, so that a page costs the same whatever the size of the table).',
    })
    totalCountExact: boolean;
  }
  return ConnectionType;
}

/** The page size a list query uses: `first` within 1..100, default 20. */
export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new BadUserInputError(`first must be between 1 and ${MAX_PAGE_SIZE}`, 'first');
  }
  return first;
}

/** A cursor holds at most a name and an id; anything longer was not given out by a list. */
const MAX_CURSOR_LENGTH = 1_000;

/** The `after` argument of every list: the `endCursor` of the previous page, bounded. */
export function AfterArg(): ParameterDecorator {
  return TextArg('after', {
    max: MAX_CURSOR_LENGTH,
    nullable: true,
    description: 'The endCursor of the previous page.',
  });
}

/** Opaque keyset cursor: the sort key values of the last row of a page. */
export function encodeCursor(values: Array<string | number>): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/** What a cursor value must be, so a forged cursor is refused before it reaches SQL. */
export type CursorValue = 'text' | 'uuid' | 'timestamp' | 'seq';

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

const CURSOR_VALUE_CHECKS: Record<CursorValue, (value: unknown) => boolean> = {
  text: (v) => typeof v === 'string' && v.length <= TEXT_LIMITS.NAME * 2 && !unsafeTextProblem('', v),
  uuid: (v) => typeof v === 'string' && isUuid(v),
  timestamp: (v) => typeof v === 'string' && ISO_TIMESTAMP.test(v) && !Number.isNaN(Date.parse(v)),
  seq: (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0,
};

/**
 * The sort key values a cursor holds, each checked against what the list sorts by: a well-formed cursor
 * with a value of the wrong kind is the caller's mistake (BAD_USER_INPUT), never a failed SQL statement.
 */
export function decodeCursor(cursor: string, kinds: CursorValue[]): Array<string | number> {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(values) &&
      values.length === kinds.length &&
      values.every((value, i) => CURSOR_VALUE_CHECKS[kinds[i]](value))
    ) {
      return values as Array<string | number>;
    }
  } catch {
    // fall through
  }
  throw new BadUserInputError('after is not a cursor this list gave out', 'after');
}

/** How many rows a list's filter matches: exact, or an estimate above the exact-count limit. */
export interface ListCount {
  totalCount: number;
  exact: boolean;
}

/**
 * Builds a connection from rows fetched with limit `size + 1` (the extra row says there is a next page).
 * `count` is a ListCount, or a number for an exact count.
 */
export function toConnection<T>(
  rows: T[],
  size: number,
  count: number | ListCount,
  cursorOf: (row: T) => Array<string | number>,
) {
  const page = rows.slice(0, size);
  const edges = page.map((node) => ({ node, cursor: encodeCursor(cursorOf(node)) }));
  const { totalCount, exact } = typeof count === 'number' ? { totalCount: count, exact: true } : count;
  return {
    edges,
    totalCount,
    totalCountExact: exact,
    pageInfo: { hasNextPage: rows.length > size, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
  };
}
