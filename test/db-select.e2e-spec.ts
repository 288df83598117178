import { AiModelEntity } from '@app/catalog';
import { Db } from '@app/persistence';
import { createTestEnvironment, TestEnvironment } from '@app/testing';
import { seedScale } from '@app/testing/scale-seed';
import { ObjectLiteral } from 'typeorm';

/**
 * `Db.select`, the plain-SQL read of the hot paths, gives exactly what TypeORM's own find gives for every
 * entity of the service: same values after the driver's conversions and column transformers, same class.
 */
describe('Db.select hydrates entities as TypeORM does (e2e)', () => {
  let env: TestEnvironment;
  let db: Db;

  beforeAll(async () => {
    env = await createTestEnvironment();
    db = env.app.get(Db);
    // Requests in every state: assessments, votes and frozen decision records besides the demo data.
    await seedScale(env.app, { requests: 60, org: 'db-select', password: 'db-select-password' });
  });
  afterAll(async () => env?.close());

  const ctx = () => db.context('db-select-test', null, null);

  it('reads every entity with a table the same way as find, across the demo and generated data', async () => {
    const checked: string[] = [];
    for (const metadata of env.dataSource.entityMetadatas) {
      if (metadata.tableType !== 'regular' || metadata.embeddeds.length) continue;
      const order = metadata.primaryColumns.map((c) => c.propertyName);
      const repo = env.dataSource.getRepository<ObjectLiteral>(metadata.target);
      const expected = await repo.find({
        order: Object.fromEntries(order.map((p) => [p, 'ASC'])),
        take: 200,
      });
      const actual = await db.select<ObjectLiteral>(
        ctx(),
        metadata.target,
        `ORDER BY ${metadata.primaryColumns.map((c) => `t.${c.databaseName}`).join(', ')} LIMIT 200`,
        [],
      );
      expect({ entity: metadata.name, rows: actual }).toEqual({ entity: metadata.name, rows: expected });
      for (const row of actual) expect(row).toBeInstanceOf(metadata.target as new () => unknown);
      if (expected.length) checked.push(metadata.name);
    }
    // The data reaches the entities the loaders read.
    expect(checked).toEqual(
      expect.arrayContaining([
        'UserEntity',
        'OrganisationEntity',
        'AiModelEntity',
        'AdoptionRequestEntity',
        'RiskAssessmentEntity',
        'DecisionVoteEntity',
        'DecisionRecordEntity',
        'AuditEventEntity',
      ]),
    );
  });

  it('leaves the omitted columns unread, and refuses a column the entity does not have', async () => {
    const [model] = await db.select(ctx(), AiModelEntity, 'WHERE t.mot_record IS NOT NULL LIMIT 1', [], ['motRecord']);
    expect(model).toBeDefined();
    expect(model.motRecord).toBeUndefined();
    expect(model.name).toEqual(expect.any(String));
    await expect(db.select(ctx(), AiModelEntity, 'LIMIT 1', [], ['noSuchColumn'])).rejects.toThrow(
      /AiModelEntity has no column noSuchColumn/,
    );
  });

  it('passes its parameters positionally and reuses the statement per clause', async () => {
    const [first] = await db.select(ctx(), AiModelEntity, 'ORDER BY t.id LIMIT 1', [], ['motRecord']);
    const byId = (id: string) => db.select(ctx(), AiModelEntity, 'WHERE t.id = $1', [id], ['motRecord']);
    expect((await byId(first.id)).map((m) => m.id)).toEqual([first.id]);
    expect(await byId('00000000-0000-4000-8000-000000000000')).toEqual([]);
  });
});
