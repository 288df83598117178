import { MigrationInterface, QueryRunner } from 'typeorm';

/** Adoption requests, their risk assessments, votes, frozen decision records, and idempotency keys. */
export class Adoption1764403200000 implements MigrationInterface {
  name = 'Adoption1764403200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE adoption_reference_counter (
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        year integer NOT NULL,
        last integer NOT NULL,
        PRIMARY KEY (organisation_id, year)
      )`);
    await q.query(`
      CREATE TABLE adoption_request (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        reference varchar(20) NOT NULL,
        title varchar(200) NOT NULL,
        requester_id uuid NOT NULL REFERENCES app_user(id),
        model_id uuid NOT NULL REFERENCES ai_model(id),
        use_case text,
        sector varchar(30),
        deployment_mode varchar(20),
        data_sensitivity varchar(30),
        intended_adaptation varchar(20),
        languages text[] NOT NULL DEFAULT '{}',
        affected_population text,
        expected_users bigint CHECK (expected_users IS NULL OR expected_users >= 0),
        justification text,
        alternatives jsonb NOT NULL DEFAULT '[]',
        status varchar(30) NOT NULL,
        revision integer NOT NULL DEFAULT 1,
        version integer NOT NULL DEFAULT 1,
        tier varchar(10),
        required_expertise text[] NOT NULL DEFAULT '{}',
        required_conditions text[] NOT NULL DEFAULT '{}',
        conditions text[] NOT NULL DEFAULT '{}',
        status_reason text,
        submitted_at timestamptz,
        decided_at timestamptz,
        expires_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT adoption_request_org_reference_key UNIQUE (organisation_id, reference)
      )`);
    await q.query(
      `CREATE INDEX adoption_request_org_created_idx ON adoption_request (organisation_id, created_at, id)`,
    );
    await q.query(`CREATE INDEX adoption_request_org_status_idx ON adoption_request (organisation_id, status)`);
    await q.query(`CREATE INDEX adoption_request_model_idx ON adoption_request (model_id, status)`);
    await q.query(
      `CREATE INDEX adoption_request_expiry_idx ON adoption_request (expires_at) WHERE status = 'APPROVED'`,
    );
    await q.query(`
      CREATE TABLE risk_assessment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        request_id uuid NOT NULL REFERENCES adoption_request(id),
        revision integer NOT NULL,
        assessor_ids uuid[] NOT NULL DEFAULT '{}',
        items jsonb NOT NULL DEFAULT '[]',
        auto_items jsonb NOT NULL DEFAULT '[]',
        eu_ai_act_class varchar(20),
        marginal_risk jsonb,
        inherent_score integer,
        residual_score integer,
        tier varchar(10),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT risk_assessment_request_revision_key UNIQUE (request_id, revision)
      )`);
    await q.query(`
      CREATE TABLE decision_vote (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        request_id uuid NOT NULL REFERENCES adoption_request(id),
        revision integer NOT NULL,
        approver_id uuid NOT NULL REFERENCES app_user(id),
        expertise text[] NOT NULL DEFAULT '{}',
        vote varchar(20) NOT NULL,
        rationale text NOT NULL,
        conditions text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT decision_vote_one_per_approver UNIQUE (request_id, revision, approver_id)
      )`);
    await q.query(`
      CREATE TABLE decision_record (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        request_id uuid NOT NULL REFERENCES adoption_request(id),
        revision integer NOT NULL,
        outcome varchar(20) NOT NULL,
        snapshot jsonb NOT NULL,
        audit_event_id uuid NOT NULL REFERENCES audit_event(id),
        audit_seq bigint NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX decision_record_request_idx ON decision_record (organisation_id, request_id, created_at)`,
    );
    // Decision records are frozen: the database refuses to change them.
    await q.query(`
      CREATE FUNCTION decision_record_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'decision_record is immutable: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER decision_record_frozen BEFORE UPDATE OR DELETE ON decision_record
      FOR EACH ROW EXECUTE FUNCTION decision_record_refuse_change()`);
    await q.query(`
      CREATE TABLE idempotency_key (
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        user_id uuid NOT NULL REFERENCES app_user(id),
        key varchar(200) NOT NULL,
        request_hash char(64) NOT NULL,
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, user_id, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_key`);
    await q.query(`DROP TABLE decision_record`);
    await q.query(`DROP FUNCTION decision_record_refuse_change()`);
    await q.query(`DROP TABLE decision_vote`);
    await q.query(`DROP TABLE risk_assessment`);
    await q.query(`DROP TABLE adoption_request`);
    await q.query(`DROP TABLE adoption_reference_counter`);
  }
}
