import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The organisation's monthly active users across all its products and services, as its administrators
 * record it. Licence user thresholds (e.g. the Llama community licences' 700M) count this figure, not one
 * request's users. Empty until recorded.
 */
export class OrganisationMonthlyActiveUsers1764907200000 implements MigrationInterface {
  name = 'OrganisationMonthlyActiveUsers1764907200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE organisation
        ADD COLUMN monthly_active_users bigint CHECK (monthly_active_users >= 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organisation DROP COLUMN monthly_active_users`);
  }
}
