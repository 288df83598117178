import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { RequestContext } from '@app/core';
import { Db } from '@app/persistence';
import { AuditEventEntity } from './audit-event.entity';
import { ChainedEvent, GENESIS_HASH, hashEvent } from './audit-chain';

/** What a feature records about a change; who, when and the chain fields are added by the service. */
export interface AuditEntry {
  action: string;
  subjectType: string;
  subjectId: string;
  fromState?: string | null;
  toState?: string | null;
  payload?: Record<string, unknown>;
  /** The adoption request this event belongs to, when it belongs to one. */
  requestId?: string | null;
}

/** The label recorded for changes made by the service itself (jobs, seeding). */
export const SYSTEM_ACTOR = 'system';

/**
 * Appends events to an organisation's hash chain. Each append row-locks the chain head in the caller's
 * transaction, so concurrent writers queue on the lock and the chain can neither fork nor gap; if the
 * caller's change rolls back, its event does too.
 */
@Injectable()
export class AuditService {
  constructor(private readonly db: Db) {}

  async append(ctx: RequestContext, entry: AuditEntry): Promise<AuditEventEntity> {
    if (!this.db.inTransaction(ctx)) {
      throw new Error(`audit append of ${entry.action} outside a transaction`);
    }
    const organisationId = ctx.orgId;
    await ctx.em.query(
      `INSERT INTO audit_chain_head (organisation_id, seq, hash) VALUES ($1, 0, $2) ON CONFLICT DO NOTHING`,
      [organisationId, GENESIS_HASH],
    );
    const [head] = (await ctx.em.query(`SELECT seq, hash FROM audit_chain_head WHERE organisation_id = $1 FOR UPDATE`, [
      organisationId,
    ])) as Array<{ seq: string; hash: string }>;
    const event: ChainedEvent = {
      organisationId,
      seq: Number(head.seq) + 1,
      occurredAt: new Date(),
      actorId: ctx.actor?.userId ?? null,
      actorLabel: ctx.actor?.email ?? SYSTEM_ACTOR,
      actorRoles: [...(ctx.actor?.roles ?? [])].sort(),
      action: entry.action,
      subjectType: entry.subjectType,
      subjectId: entry.subjectId,
      fromState: entry.fromState ?? null,
      toState: entry.toState ?? null,
      // A JSON round trip drops undefined members, exactly as jsonb storage will.
      payload: JSON.parse(JSON.stringify(entry.payload ?? {})),
      requestId: entry.requestId ?? null,
      correlationId: ctx.requestId,
      previousHash: head.hash,
    };
    const hash = hashEvent(event);
    const row = ctx.em.create(AuditEventEntity, { ...event, id: randomUUID(), seq: String(event.seq), hash });
    await ctx.em.insert(AuditEventEntity, row as never);
    await ctx.em.query(`UPDATE audit_chain_head SET seq = $2, hash = $3 WHERE organisation_id = $1`, [
      organisationId,
      event.seq,
      hash,
    ]);
    return row;
  }

  /** Creates the chain head of a new organisation (in the organisation's creating transaction). */
  async initialiseChain(ctx: RequestContext, organisationId: string): Promise<void> {
    await ctx.em.query(
      `INSERT INTO audit_chain_head (organisation_id, seq, hash) VALUES ($1, 0, $2) ON CONFLICT DO NOTHING`,
      [organisationId, GENESIS_HASH],
    );
  }
}
