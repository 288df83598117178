import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';

import { IsInt, IsOptional, IsUUID, Matches, Min, IsISO8601 } from 'class-validator';
import { Connection, SafeInt, TEXT_LIMITS, TextField } from '@app/core';
import { MAX_LISTED_PROBLEMS } from './audit-verification.service';

/** The longest ISO 8601 timestamp a filter needs, e.g. 2026-12-01T05:30:52.123456+05:30. */
const ISO_8601_MAX_LENGTH = 40;

@ObjectType('AuditEvent', { description: 'One recorded change, as it sits in the hash chain.' })
export class AuditEventType {
  @Field(() => SafeInt) seq: number;
  @Field() occurredAt: Date;
  @Field(() => ID, { nullable: true, description: 'The acting user (null: the service itself).' }) actorId:
    string | null;
  @Field({ description: 'Email of the acting user at the time, or "system".' }) actor: string;
  @Field(() => [String], { description: 'Roles the actor held at the time.' }) actorRoles: string[];
  @Field() action: string;
  @Field() subjectType: string;
  @Field() subjectId: string;
  @Field(() => String, { nullable: true }) fromState: string | null;
  @Field(() => String, { nullable: true }) toState: string | null;
  @Field({ description: 'JSON.' }) payload: string;
  @Field(() => ID, { nullable: true }) requestId: string | null;
  @Field(() => String, { nullable: true }) correlationId: string | null;
  @Field() previousHash: string;
  @Field() hash: string;
}

@ObjectType()
export class AuditEventConnection extends Connection(AuditEventType, 'AuditEvent') {}

@InputType()
export class AuditEventFilter {
  @TextField({ max: ISO_8601_MAX_LENGTH, nullable: true, description: 'ISO 8601 date or date-time.' })
  @IsISO8601({ strict: true })
  from?: string;
  @TextField({ max: ISO_8601_MAX_LENGTH, nullable: true, description: 'ISO 8601 date or date-time.' })
  @IsISO8601({ strict: true })
  to?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() actorId?: string;
  @TextField({ max: TEXT_LIMITS.CODE, nullable: true, notBlank: true }) action?: string;
  @TextField({ max: TEXT_LIMITS.CODE, nullable: true, notBlank: true }) subjectType?: string;
  @TextField({ max: TEXT_LIMITS.CODE, nullable: true, notBlank: true }) subjectId?: string;
  @TextField({ max: TEXT_LIMITS.CODE, nullable: true, description: 'A request reference, e.g. AR-2026-0001.' })
  @Matches(/^AR-\d{4}-\d{4,}$/i, { message: 'reference must look like AR-2026-0001' })
  reference?: string;
}

@ObjectType('AuditCheckpoint', { description: 'A signed statement of the chain head; keep it outside the service.' })
export class AuditCheckpointType {
  @Field({ description: 'Organisation slug.' }) organisation: string;
  @Field(() => ID) organisationId: string;
  @Field(() => SafeInt) seq: number;
  @Field() hash: string;
  @Field() signedAt: string;
  @Field({
    description:
      'Ed25519 signature (base64) of the RFC 8785 JSON of organisation, organisationId, seq, hash, signedAt.',
  })
  signature: string;
  @Field({ description: 'Ed25519 public key, base64 SPKI DER.' }) publicKey: string;
  @Field() keyId: string;
}

@InputType()
export class AuditCheckpointInput {
  @TextField({ max: TEXT_LIMITS.CODE }) organisation: string;
  @Field(() => ID) @IsUUID('all', { message: 'organisationId must be an organisation id' }) organisationId: string;
  @Field(() => SafeInt, { description: '1 or more.' }) @IsInt() @Min(1) seq: number;
  @TextField({ max: TEXT_LIMITS.CODE }) hash: string;
  @TextField({ max: TEXT_LIMITS.CODE }) signedAt: string;
  @TextField({ max: TEXT_LIMITS.NAME }) signature: string;
  @TextField({ max: TEXT_LIMITS.NAME }) publicKey: string;
  @TextField({ max: 64 }) keyId: string;
}

@ObjectType('CheckpointMismatch')
export class CheckpointMismatchType {
  @Field(() => SafeInt) seq: number;
  @Field({ description: 'BAD_SIGNATURE, HASH_DIFFERS, TRUNCATED or WRONG_ORGANISATION.' }) reason: string;
  @Field() expectedHash: string;
  @Field(() => String, { nullable: true }) actualHash: string | null;
}

@ObjectType('AuditIntegrityProblem', { description: 'Something verification found wrong.' })
export class AuditIntegrityProblemType {
  @Field({
    description:
      'The check that found it: "chain" for the hash chain and its stored head, otherwise a feature\'s check ' +
      '(e.g. "decision-record-snapshots").',
  })
  check: string;
  @Field({
    description:
      'GAP, BROKEN_LINK, HASH_MISMATCH, BAD_GENESIS, TRUNCATED (events removed from the end: the chain ends before ' +
      'the stored head), HEAD_MISMATCH; SNAPSHOT_MISMATCH (a decision record no longer matches the hash bound into ' +
      'its event), RECORD_MISSING (a bound decision record is gone).',
  })
  code: string;
  @Field() message: string;
  @Field(() => SafeInt, { nullable: true, description: 'The audit event concerned.' }) seq: number | null;
  @Field(() => String, { nullable: true }) subjectType: string | null;
  @Field(() => String, { nullable: true, description: 'E.g. the id of the decision record concerned.' }) subjectId:
    string | null;
  @Field(() => String, { nullable: true, description: 'What the chain recorded (for a head: "seq:hash").' })
  expected: string | null;
  @Field(() => String, { nullable: true, description: 'What is there now.' }) actual: string | null;
}

@ObjectType('AuditCheckSummary', { description: 'What one feature check verified.' })
export class AuditCheckSummaryType {
  @Field() name: string;
  @Field(() => Int, { description: 'Items whose binding in the chain was verified.' }) checked: number;
  @Field(() => Int, {
    description:
      'Items with no binding in the chain (written before the feature bound them): not verifiable, not tampering.',
  })
  unbound: number;
  @Field(() => Int) problems: number;
}

@ObjectType('AuditChainVerification')
export class AuditChainVerificationType {
  @Field({ description: 'True when the chain, its stored head, every feature check and every checkpoint agree.' })
  valid: boolean;
  @Field(() => Int) checked: number;
  @Field(() => SafeInt, { nullable: true }) firstInvalidSeq: number | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Why the chain itself is invalid: GAP, BROKEN_LINK, HASH_MISMATCH, BAD_GENESIS, TRUNCATED (the chain ends ' +
      'before the stored head) or HEAD_MISMATCH. Feature checks report in `problems`, checkpoints in ' +
      '`checkpointMismatches`.',
  })
  reason: string | null;
  @Field(() => SafeInt, { nullable: true, description: 'The last event verified.' }) headSeq: number | null;
  @Field(() => String, { nullable: true }) headHash: string | null;
  @Field(() => SafeInt, { nullable: true, description: 'The head every append recorded (null: no event ever).' })
  storedHeadSeq: number | null;
  @Field(() => String, { nullable: true }) storedHeadHash: string | null;
  @Field(() => [CheckpointMismatchType]) checkpointMismatches: CheckpointMismatchType[];
  @Field(() => [AuditIntegrityProblemType], {
    description:
      `Every problem found besides checkpoint mismatches, the chain's first; at most ${MAX_LISTED_PROBLEMS} ` +
      '(`checks` counts them all).',
  })
  problems: AuditIntegrityProblemType[];
  @Field(() => [AuditCheckSummaryType], { description: 'One entry per feature check.' })
  checks: AuditCheckSummaryType[];
}
