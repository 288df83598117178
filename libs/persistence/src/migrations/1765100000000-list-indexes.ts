import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for every list filter and sort, so that a page reads an index range whatever the table's size
 * (checked by test/list-query-plans.e2e-spec.ts on a large generated data set):
 * - adoption requests, newest first by (created_at, id) within the organisation, filtered by status,
 *   requester, model, sector or tier: one (organisation_id, <filter>, created_at, id) index each;
 * - the work queue, least recently updated first within the queue's states: (organisation_id, status,
 *   updated_at, id);
 * - audit events, by seq within the organisation, filtered by actor, action, subject type or subject id:
 *   one (organisation_id, <filter>, seq) index each.
 * Two earlier indexes become prefixes of these and are dropped: (organisation_id, status) on requests and
 * (organisation_id, subject_type, subject_id) on events. Votes, assessments and decision records are read
 * by request through their unique keys (request_id, revision[, approver_id]) and decision_record_request_idx;
 * the catalog list through ai_model_org_name_idx.
 */
export class ListIndexes1765100000000 implements MigrationInterface {
  name = 'ListIndexes1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX adoption_request_org_status_idx`);
    for (const column of ['status', 'requester_id', 'model_id', 'sector', 'tier']) {
      await q.query(
        `CREATE INDEX adoption_request_org_${column}_created_idx ON adoption_request (organisation_id, ${column}, created_at, id)`,
      );
    }
    await q.query(
      `CREATE INDEX adoption_request_org_status_updated_idx ON adoption_request (organisation_id, status, updated_at, id)`,
    );
    await q.query(`DROP INDEX audit_event_org_subject_idx`);
    for (const column of ['actor_id', 'action', 'subject_type', 'subject_id']) {
      await q.query(`CREATE INDEX audit_event_org_${column}_seq_idx ON audit_event (organisation_id, ${column}, seq)`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const column of ['actor_id', 'action', 'subject_type', 'subject_id']) {
      await q.query(`DROP INDEX audit_event_org_${column}_seq_idx`);
    }
    await q.query(
      `CREATE INDEX audit_event_org_subject_idx ON audit_event (organisation_id, subject_type, subject_id)`,
    );
    await q.query(`DROP INDEX adoption_request_org_status_updated_idx`);
    for (const column of ['status', 'requester_id', 'model_id', 'sector', 'tier']) {
      await q.query(`DROP INDEX adoption_request_org_${column}_created_idx`);
    }
    await q.query(`CREATE INDEX adoption_request_org_status_idx ON adoption_request (organisation_id, status)`);
  }
}
