import { MigrationInterface, QueryRunner } from 'typeorm';

/** Policies and their versions (DRAFT, PUBLISHED, RETIRED; at most one draft and one published each). */
export class Policy1764489600000 implements MigrationInterface {
  name = 'Policy1764489600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE policy (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        name varchar(200) NOT NULL,
        description text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX policy_org_name_key ON policy (organisation_id, lower(name))`);
    await q.query(`
      CREATE TABLE policy_version (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        policy_id uuid NOT NULL REFERENCES policy(id),
        number integer NOT NULL,
        status varchar(20) NOT NULL CHECK (status IN ('DRAFT', 'PUBLISHED', 'RETIRED')),
        rules jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        retired_at timestamptz,
        CONSTRAINT policy_version_number_key UNIQUE (policy_id, number)
      )`);
    await q.query(`CREATE UNIQUE INDEX policy_version_one_draft ON policy_version (policy_id) WHERE status = 'DRAFT'`);
    await q.query(
      `CREATE UNIQUE INDEX policy_version_one_published ON policy_version (policy_id) WHERE status = 'PUBLISHED'`,
    );
    await q.query(
      `CREATE INDEX policy_version_org_published ON policy_version (organisation_id) WHERE status = 'PUBLISHED'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE policy_version`);
    await q.query(`DROP TABLE policy`);
  }
}
