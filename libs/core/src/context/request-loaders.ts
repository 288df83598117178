import DataLoader from 'dataloader';

/**
 * Fetches the values of a batch of keys in one query, answering in the order of `keys` (`undefined` or
 * `null` where a key has no value). The function reads through the request's context, so it filters by the
 * caller's organisation like every other query.
 */
export type BatchLoad<K, V> = (keys: readonly K[]) => Promise<ReadonlyArray<V | Error>>;

/** How a loader is made; `cacheKey` is needed when keys are objects (e.g. `{ requestId, revision }`). */
export interface LoaderOptions<K, C> {
  cacheKey?: (key: K) => C;
}

/**
 * The DataLoaders of one GraphQL request, by name: the first field resolver that asks for a loader creates
 * it, the others share it, so a page of 100 rows costs one query per kind of nested data instead of one
 * per row. A loader caches what it loaded for the rest of the request; the owning `RequestContext` clears
 * every loader when its database handle changes (a mutation's transaction starts or ends), so nothing read
 * before a change is served after it.
 *
 * Names are namespaced by the library that owns the data (`identity.userById`, `catalog.modelById`); a
 * library exposes its loaders through its own query service, so a field resolver of another library asks
 * that service, never the other library's tables.
 */
export class RequestLoaders {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown, unknown>>();

  /** The request's loader called `name`, created with `batch` the first time it is asked for. */
  get<K, V, C = K>(name: string, batch: BatchLoad<K, V>, options: LoaderOptions<K, C> = {}): DataLoader<K, V, C> {
    let loader = this.loaders.get(name) as DataLoader<K, V, C> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V, C>(batch, { cacheKeyFn: options.cacheKey, name });
      this.loaders.set(name, loader as DataLoader<unknown, unknown, unknown>);
    }
    return loader;
  }

  /** Forgets every loader and what it cached (the next request for a loader creates a fresh one). */
  clear(): void {
    this.loaders.clear();
  }

  /** How many loaders exist (for tests). */
  get size(): number {
    return this.loaders.size;
  }
}

/**
 * Orders the rows of one batch query by the loader's keys: `rowKey(row)` is matched against `key(k)`
 * (the key itself by default); a key without a row answers `null`.
 */
export function byKeys<K, R>(
  keys: readonly K[],
  rows: readonly R[],
  rowKey: (row: R) => string,
  key: (k: K) => string = String,
): Array<R | null> {
  const found = new Map(rows.map((r) => [rowKey(r), r]));
  return keys.map((k) => found.get(key(k)) ?? null);
}

/** Groups the rows of one batch query by the loader's keys, keeping the query's order within each group. */
export function groupByKeys<K, R>(
  keys: readonly K[],
  rows: readonly R[],
  rowKey: (row: R) => string,
  key: (k: K) => string = String,
): R[][] {
  const groups = new Map<string, R[]>();
  for (const r of rows) {
    const k = rowKey(r);
    const group = groups.get(k);
    if (group) group.push(r);
    else groups.set(k, [r]);
  }
  return keys.map((k) => groups.get(key(k)) ?? []);
}
