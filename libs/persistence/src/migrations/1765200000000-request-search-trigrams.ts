import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The requests list's text `search` (a substring of the title, the reference or the use case, any case) reads
 * trigram indexes instead of every row of the organisation: one GIN index (pg_trgm) per column, combined by
 * the planner for the OR of the three ILIKE conditions. A search shorter than three characters has no
 * trigram and still reads the rows the other filters leave.
 */
export class RequestSearchTrigrams1765200000000 implements MigrationInterface {
  name = 'RequestSearchTrigrams1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    for (const column of ['title', 'reference', 'use_case']) {
      await q.query(
        `CREATE INDEX adoption_request_${column}_trgm_idx ON adoption_request USING gin (${column} gin_trgm_ops)`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const column of ['title', 'reference', 'use_case']) {
      await q.query(`DROP INDEX adoption_request_${column}_trgm_idx`);
    }
  }
}
