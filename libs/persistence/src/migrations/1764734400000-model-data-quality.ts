import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Data-quality flags on every catalog model (licence missing or taken from a fallback, weights access
 * unknown, a record disputed by curated facts ...), each `{ code, field, message }`. Rows stored before have
 * none recorded; reseeding or re-importing a model computes them.
 */
export class ModelDataQuality1764734400000 implements MigrationInterface {
  name = 'ModelDataQuality1764734400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ai_model ADD COLUMN data_quality jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ai_model DROP COLUMN data_quality`);
  }
}
