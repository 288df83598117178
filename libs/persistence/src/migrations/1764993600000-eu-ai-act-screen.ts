import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The EU AI Act pre-screen kept with the risk assessment started at review: the provisions matched, the words
 * or fields that triggered them, the model's GPAI status and the organisation's role. Older assessments keep
 * only their class (the column stays null).
 */
export class EuAiActScreen1764993600000 implements MigrationInterface {
  name = 'EuAiActScreen1764993600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE risk_assessment ADD COLUMN eu_ai_act_screen jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE risk_assessment DROP COLUMN eu_ai_act_screen`);
  }
}
