import { MigrationInterface, QueryRunner } from 'typeorm';

/** Signed checkpoints of each organisation's audit chain (also to be kept by auditors outside the database). */
export class AuditCheckpoints1764576000000 implements MigrationInterface {
  name = 'AuditCheckpoints1764576000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_checkpoint (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        seq bigint NOT NULL,
        hash char(64) NOT NULL,
        signed_at timestamptz NOT NULL,
        signature text NOT NULL,
        public_key text NOT NULL,
        key_id varchar(64) NOT NULL
      )`);
    await q.query(`CREATE INDEX audit_checkpoint_org_idx ON audit_checkpoint (organisation_id, signed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_checkpoint`);
  }
}
