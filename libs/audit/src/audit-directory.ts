import { Injectable } from '@nestjs/common';
import { RequestContext } from '@app/core';

/**
 * The organisation's public name (its slug), which signed checkpoints carry. Implemented by the identity
 * library, which owns organisations.
 */
export abstract class OrganisationNames {
  /** The slug of the context's organisation. */
  abstract slugOf(ctx: RequestContext): Promise<string>;
}

/**
 * The request a human reference (`AR-2026-0001`) names, for the audit log's reference filter. Implemented
 * by the adoption library, which owns requests.
 */
export abstract class RequestReferences {
  /** The id of the organisation's request with this reference (case-insensitive), or null. */
  abstract requestIdOf(ctx: RequestContext, reference: string): Promise<string | null>;
}

/**
 * What the audit library needs to know about data the libraries above it own. Audit sits below identity and
 * adoption (they import it), so it cannot call their services, and it reads no table of theirs; instead they
 * register an implementation here when their module starts, as features register verification checks:
 *
 * @example
 * ```ts
 * @Injectable()
 * export class AdoptionRequestReferences extends RequestReferences implements OnModuleInit {
 *   constructor(private readonly directory: AuditDirectory, …) { super(); }
 *   onModuleInit() { this.directory.provide(RequestReferences, this); }
 *   requestIdOf(ctx, reference) { … }
 * }
 * ```
 */
@Injectable()
export class AuditDirectory {
  private organisations: OrganisationNames | null = null;
  private references: RequestReferences | null = null;

  provide(contract: typeof OrganisationNames, implementation: OrganisationNames): void;
  provide(contract: typeof RequestReferences, implementation: RequestReferences): void;
  provide(
    contract: typeof OrganisationNames | typeof RequestReferences,
    implementation: OrganisationNames | RequestReferences,
  ): void {
    const slot = contract === OrganisationNames ? 'organisations' : 'references';
    if (this[slot]) throw new Error(`${contract.name} is provided twice to the audit directory`);
    if (slot === 'organisations') this.organisations = implementation as OrganisationNames;
    else this.references = implementation as RequestReferences;
  }

  /** The slug of the context's organisation; a missing provider is a wiring bug, never a client's mistake. */
  organisationSlug(ctx: RequestContext): Promise<string> {
    if (!this.organisations) throw new Error('no OrganisationNames provided to the audit directory');
    return this.organisations.slugOf(ctx);
  }

  /** The request a reference names, or null when none does (or no library provides references). */
  async requestIdOf(ctx: RequestContext, reference: string): Promise<string | null> {
    return this.references ? this.references.requestIdOf(ctx, reference) : null;
  }
}
