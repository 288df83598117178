import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig, LOGGER } from '@app/core';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { createDataSource, DatabaseTimeouts, databaseTimeouts, EntityList } from './data-source';
import { describeUnavailability } from './database-availability';
import { databaseConnectionError } from './database-connection-error';
import { DATA_SOURCE, Db } from './db.service';
import {
  EmbeddedDatabase,
  embeddedDataDir,
  embeddedMaxConnections,
  startEmbeddedDatabase,
  takeEarlyStart,
} from './embedded-postgres';
import { IdempotencyService } from './idempotency.service';
import { ListCounter } from './list-count';
import { LockedJobs } from './locked-jobs.service';
import { TransactionInterceptor } from './transaction.interceptor';

const EMBEDDED = Symbol('EMBEDDED');

/** Starts the embedded PostgreSQL when no DATABASE_URL is configured, or takes the start main.ts began. */
async function startEmbedded(config: AppConfig, logger: Logger): Promise<EmbeddedDatabase | null> {
  if (!config.embedded) return null;
  const dir = embeddedDataDir(config);
  const embedded = await (takeEarlyStart(dir) ?? startEmbeddedDatabase(dir, embeddedMaxConnections(config)));
  logger.info({ dataDir: dir ?? 'memory', cluster: embedded.cluster }, 'embedded PostgreSQL started');
  return embedded;
}

/** Opens the data source and, unless MIGRATIONS_RUN=false, brings the schema up to date. */
export async function openDatabase(config: AppConfig, entities: EntityList, url: string, logger: Logger) {
  // A database that does not exist, a server that does not answer, a refused user or password: one line
  // naming the fix, and exit code 78 (DatabaseConnectionError), instead of the driver's error object.
  const connectionError = (error: unknown) => {
    throw (config.embedded ? null : databaseConnectionError(error, url)) ?? error;
  };
  if (config.MIGRATIONS_RUN) {
    // A migration may build an index over a large table: it runs on a connection of its own without the
    // per-statement bound of request traffic (lock waits stay bounded), closed before the service's pool opens.
    const migrator = createDataSource(url, entities, 1, migrationTimeouts(config));
    await migrator.initialize().catch(connectionError);
    try {
      const ran = await migrator.runMigrations({ transaction: 'each' });
      if (ran.length) logger.info({ migrations: ran.map((m) => m.name) }, 'migrations applied');
    } finally {
      await migrator.destroy();
    }
  }
  const dataSource = createDataSource(url, entities, config.dbPoolSize, databaseTimeouts(config), (error) =>
    // An idle connection lost with its server: the pool drops it; requests meanwhile answer SERVICE_UNAVAILABLE.
    logger.warn({ reason: describeUnavailability(error) }, 'database connection lost'),
  );
  await dataSource.initialize().catch(connectionError);
  return dataSource;
}

/** The bounds of the migrations' connection: the service's, without statement and idle-in-transaction ones. */
export function migrationTimeouts(config: AppConfig): DatabaseTimeouts {
  const { acquireMs, lockMs } = databaseTimeouts(config);
  return { acquireMs, ...(lockMs ? { lockMs } : {}) };
}

@Injectable()
class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(EMBEDDED) private readonly embedded: EmbeddedDatabase | null,
  ) {}

  async onApplicationShutdown() {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    await this.embedded?.stop();
  }
}

/**
 * PostgreSQL for the whole service: the embedded server when DATABASE_URL is unset (data in DATA_DIR,
 * or in memory with DATA_DIR=memory://), the configured server otherwise.
 */
@Global()
@Module({})
export class PersistenceModule {
  static forRoot(entities: EntityList): DynamicModule {
    return {
      module: PersistenceModule,
      providers: [
        { provide: EMBEDDED, inject: [APP_CONFIG, LOGGER], useFactory: startEmbedded },
        {
          provide: DATA_SOURCE,
          inject: [APP_CONFIG, LOGGER, EMBEDDED],
          useFactory: (config: AppConfig, logger: Logger, embedded: EmbeddedDatabase | null) =>
            openDatabase(config, entities, embedded?.url ?? config.DATABASE_URL!, logger),
        },
        Db,
        DatabaseLifecycle,
        TransactionInterceptor,
        IdempotencyService,
        LockedJobs,
        ListCounter,
      ],
      exports: [DATA_SOURCE, Db, TransactionInterceptor, IdempotencyService, LockedJobs, ListCounter],
    };
  }
}
