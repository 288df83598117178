import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The organisation's users listed by display name (the `users` query's keyset order), so that a page reads
 * an index range instead of sorting every user of the organisation.
 */
export class UserNameIndex1765300000000 implements MigrationInterface {
  name = 'UserNameIndex1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX app_user_org_name_idx ON app_user (organisation_id, lower(display_name), id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX app_user_org_name_idx`);
  }
}
