export * from './data-source';
export * from './database-availability';
export * from './db.service';
export * from './embedded-postgres';
export * from './persistence.module';
export * from './transaction.interceptor';
export * from './no-transaction.decorator';
export * from './idempotency.service';
