import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';

/**
 * The contrib extensions the migrations create, loaded into every embedded cluster: pgcrypto (uuid defaults)
 * and pg_trgm (the trigram indexes behind the requests' text search).
 */
export const PGLITE_EXTENSIONS = { pgcrypto, pg_trgm };
