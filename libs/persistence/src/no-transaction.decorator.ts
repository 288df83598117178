import { SetMetadata } from '@nestjs/common';

export const NO_TRANSACTION_KEY = 'persistence:no-transaction';

/**
 * Runs a mutation without the per-mutation transaction. Only for operations whose writes must survive
 * the operation failing (login records failed attempts, then refuses).
 */
export const NoTransaction = () => SetMetadata(NO_TRANSACTION_KEY, true);
