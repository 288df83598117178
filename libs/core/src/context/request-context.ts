import type { AnyAbility } from '@casl/ability';
import type { EntityManager } from 'typeorm';
import type DataLoader from 'dataloader';
import { BatchLoad, LoaderOptions, RequestLoaders } from './request-loaders';
import { Expertise, Role } from './roles';

/** The authenticated caller, as known for the whole request. */
export interface Actor {
  userId: string;
  organisationId: string;
  email: string;
  roles: Role[];
  expertise: Expertise[];
}

/**
 * Everything a service method needs to know about the operation it serves: who acts (or the system),
 * in which organisation, with which permissions, under which request id, and on which database handle.
 * Passed as the first argument of every service method. `em` is the transaction of a mutation,
 * or the plain entity manager for queries; jobs and the CLI build one with `RequestContext.system`.
 */
export class RequestContext {
  private readonly afterCommitHooks: Array<() => Promise<void> | void> = [];
  private readonly loaders = new RequestLoaders();
  private manager: EntityManager;

  constructor(
    readonly requestId: string,
    readonly actor: Actor | null,
    readonly ability: AnyAbility | null,
    em: EntityManager,
    /** The organisation acted in; for a user, always theirs. */
    readonly organisationId: string | null = actor?.organisationId ?? null,
  ) {
    this.manager = em;
  }

  /** The database handle: a mutation's transaction while it runs, the plain manager otherwise. */
  get em(): EntityManager {
    return this.manager;
  }

  /**
   * Switching the handle (a transaction starts, commits or rolls back) clears the request's loaders: rows
   * cached before a mutation's writes are never served after them, and nothing read inside a transaction
   * that rolled back outlives it.
   */
  set em(em: EntityManager) {
    if (em !== this.manager) this.loaders.clear();
    this.manager = em;
  }

  /**
   * The request's DataLoader called `name` (see RequestLoaders): one per request, shared by every field
   * resolver that asks for it. `batch` reads through this context, so it is tenant-scoped like any query.
   *
   * @example
   * ctx.loader('identity.userById', (ids: readonly string[]) => this.byIdsInOrder(ctx, ids)).load(id)
   */
  loader<K, V, C = K>(name: string, batch: BatchLoad<K, V>, options?: LoaderOptions<K, C>): DataLoader<K, V, C> {
    return this.loaders.get(name, batch, options);
  }

  /** Forgets what the request's loaders cached (done by itself whenever `em` changes). */
  clearLoaders(): void {
    this.loaders.clear();
  }

  /** A context for work done by the service itself (jobs, seeding, CLI), scoped to one organisation. */
  static system(requestId: string, em: EntityManager, organisationId: string | null): RequestContext {
    return new RequestContext(requestId, null, null, em, organisationId);
  }

  get isSystem(): boolean {
    return this.actor === null;
  }

  /** The organisation id, or an error when the context has none (a bug, never a client mistake). */
  get orgId(): string {
    if (!this.organisationId) throw new Error('RequestContext has no organisation');
    return this.organisationId;
  }

  hasRole(role: Role): boolean {
    return this.actor?.roles.includes(role) ?? false;
  }

  /** Registers work (events to other features) to run once the transaction has committed. */
  afterCommit(hook: () => Promise<void> | void): void {
    this.afterCommitHooks.push(hook);
  }

  /** Runs and clears the after-commit hooks; called by whoever committed. */
  async runAfterCommit(): Promise<void> {
    const hooks = this.afterCommitHooks.splice(0);
    for (const hook of hooks) await hook();
  }

  discardAfterCommit(): void {
    this.afterCommitHooks.splice(0);
  }
}
