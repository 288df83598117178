import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A request's hard constraints, checked before any risk is scored: the connectivity it can count on, the
 * jurisdictions its data may be processed in, the hardware it has to run a model, and whether the system is
 * open to the public (stated, no longer guessed from the affected population). Optional while drafting,
 * required at submission; existing requests keep them empty until their requesters state them.
 */
export class RequestFeasibility1764820800000 implements MigrationInterface {
  name = 'RequestFeasibility1764820800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE adoption_request
        ADD COLUMN connectivity varchar(16) CHECK (connectivity IN ('ONLINE', 'INTERMITTENT', 'OFFLINE')),
        ADD COLUMN data_residency text[] NOT NULL DEFAULT '{}',
        ADD COLUMN hardware varchar(32)
          CHECK (hardware IN ('CPU_ONLY', 'SINGLE_CONSUMER_GPU', 'WORKSTATION_GPUS', 'DATACENTER_GPUS')),
        ADD COLUMN public_facing boolean`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE adoption_request
        DROP COLUMN public_facing, DROP COLUMN hardware, DROP COLUMN data_residency, DROP COLUMN connectivity`);
  }
}
