import { MigrationInterface, QueryRunner } from 'typeorm';

/** The model catalog: one row per model and organisation, with its openness profile. */
export class Catalog1764316800000 implements MigrationInterface {
  name = 'Catalog1764316800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ai_model (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        key varchar(200) NOT NULL,
        name varchar(200) NOT NULL,
        producer varchar(200) NOT NULL,
        family varchar(200),
        release_version varchar(100),
        model_type varchar(100),
        modalities text[] NOT NULL DEFAULT '{}',
        parameter_count bigint CHECK (parameter_count IS NULL OR parameter_count > 0),
        release_date varchar(10),
        release_level varchar(20) NOT NULL,
        gated boolean NOT NULL DEFAULT false,
        weights_access varchar(10) NOT NULL,
        license_name varchar(300),
        license_url varchar(2000),
        license_kind varchar(30) NOT NULL,
        obligations jsonb NOT NULL DEFAULT '[]',
        components jsonb NOT NULL DEFAULT '[]',
        mof_class varchar(20) NOT NULL,
        mof_progress jsonb NOT NULL,
        osaid jsonb NOT NULL,
        training_data_openness varchar(20) NOT NULL,
        hosting_options text[] NOT NULL DEFAULT '{}',
        languages text[] NOT NULL DEFAULT '{}',
        fine_tuning text[] NOT NULL DEFAULT '{}',
        sources jsonb NOT NULL DEFAULT '[]',
        mot_record jsonb,
        retired boolean NOT NULL DEFAULT false,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ai_model_org_key_key UNIQUE (organisation_id, key)
      )`);
    await q.query(`CREATE INDEX ai_model_org_name_idx ON ai_model (organisation_id, lower(name), id)`);
    await q.query(`CREATE INDEX ai_model_org_family_idx ON ai_model (organisation_id, family)`);
    await q.query(`CREATE INDEX ai_model_languages_idx ON ai_model USING gin (languages)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ai_model`);
  }
}
