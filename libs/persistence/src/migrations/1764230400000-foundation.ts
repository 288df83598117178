import { MigrationInterface, QueryRunner } from 'typeorm';

/** Organisations, users, login throttling and the append-only, hash-chained audit log. */
export class Foundation1764230400000 implements MigrationInterface {
  name = 'Foundation1764230400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);
    await q.query(`
      CREATE TABLE organisation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug varchar(64) NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]*$'),
        name varchar(200) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        email varchar(320) NOT NULL,
        display_name varchar(200) NOT NULL,
        password_hash text,
        roles text[] NOT NULL DEFAULT '{}',
        expertise text[] NOT NULL DEFAULT '{}',
        active boolean NOT NULL DEFAULT true,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX app_user_email_key ON app_user (lower(email))`);
    await q.query(`CREATE INDEX app_user_org_created_idx ON app_user (organisation_id, created_at, id)`);
    await q.query(`
      CREATE TABLE login_throttle (
        email_key varchar(320) PRIMARY KEY,
        failures integer NOT NULL,
        window_started_at timestamptz NOT NULL,
        locked_until timestamptz
      )`);
    await q.query(`
      CREATE TABLE audit_chain_head (
        organisation_id uuid PRIMARY KEY REFERENCES organisation(id),
        seq bigint NOT NULL,
        hash char(64) NOT NULL
      )`);
    await q.query(`
      CREATE TABLE audit_event (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        seq bigint NOT NULL CHECK (seq > 0),
        occurred_at timestamptz NOT NULL,
        actor_id uuid,
        actor_label varchar(320) NOT NULL,
        actor_roles text[] NOT NULL,
        action varchar(100) NOT NULL,
        subject_type varchar(100) NOT NULL,
        subject_id varchar(100) NOT NULL,
        from_state varchar(50),
        to_state varchar(50),
        payload jsonb NOT NULL,
        request_id uuid,
        correlation_id varchar(100),
        previous_hash char(64) NOT NULL,
        hash char(64) NOT NULL,
        CONSTRAINT audit_event_org_seq_key UNIQUE (organisation_id, seq)
      )`);
    await q.query(`CREATE INDEX audit_event_org_time_idx ON audit_event (organisation_id, occurred_at, seq)`);
    await q.query(
      `CREATE INDEX audit_event_org_subject_idx ON audit_event (organisation_id, subject_type, subject_id)`,
    );
    await q.query(`CREATE INDEX audit_event_org_request_idx ON audit_event (organisation_id, request_id, seq)`);
    // Append-only: the database itself refuses to change or remove recorded history.
    await q.query(`
      CREATE FUNCTION audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_event_no_update_delete BEFORE UPDATE OR DELETE ON audit_event
      FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change()`);
    await q.query(`
      CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
      FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_event`);
    await q.query(`DROP FUNCTION audit_event_refuse_change()`);
    await q.query(`DROP TABLE audit_chain_head`);
    await q.query(`DROP TABLE login_throttle`);
    await q.query(`DROP TABLE app_user`);
    await q.query(`DROP TABLE organisation`);
  }
}
