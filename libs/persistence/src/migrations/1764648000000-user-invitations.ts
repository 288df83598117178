import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Invitations instead of admin-chosen passwords: a user exists from the invitation on but can sign in only
 * once activated (activated_at); the pending invitation keeps only a hash of its one-time token. Role
 * grants and activations are kept for oversight (the portfolio's last 30 days); the per-client-address
 * login counter bounds how many sign-ins one address may attempt a minute.
 */
export class UserInvitations1764648000000 implements MigrationInterface {
  name = 'UserInvitations1764648000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE app_user ADD COLUMN activated_at timestamptz`);
    // Everyone who exists already signs in today: they count as activated when they were created.
    await q.query(`UPDATE app_user SET activated_at = created_at`);
    await q.query(`
      CREATE TABLE user_invitation (
        user_id uuid PRIMARY KEY REFERENCES app_user(id) ON DELETE CASCADE,
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        token_hash char(64) NOT NULL UNIQUE,
        issued_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE role_grant (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        user_id uuid NOT NULL REFERENCES app_user(id),
        kind varchar(16) NOT NULL CHECK (kind IN ('GRANTED', 'ACTIVATED')),
        roles text[] NOT NULL,
        actor_id uuid,
        actor_label varchar(320) NOT NULL,
        occurred_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX role_grant_org_time_idx ON role_grant (organisation_id, occurred_at)`);
    await q.query(`
      CREATE TABLE login_address_throttle (
        address varchar(64) PRIMARY KEY,
        attempts integer NOT NULL,
        window_started_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE login_address_throttle`);
    await q.query(`DROP TABLE role_grant`);
    await q.query(`DROP TABLE user_invitation`);
    await q.query(`ALTER TABLE app_user DROP COLUMN activated_at`);
  }
}
