// PostgreSQL for team mode. pg returns int8 (BIGINT, COUNT(*)) as strings to avoid losing
// precision; our int8 columns hold minor units and PayTrace ids, which must stay exact numbers,
// so they are parsed here and refused if they are beyond Number's safe range.
import pg from 'pg';
import { StoreError } from './errors';

const INT8_OID = 20;

export function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) {
    throw new StoreError(
      'corrupt',
      `The database returned the integer ${text}, which is beyond what ClearDesk can hold exactly (±${Number.MAX_SAFE_INTEGER}). ` +
        'Check the row it came from; amounts and ids that large are not valid ClearDesk data.',
    );
  }
  return n;
}

// Per-pool type parsers, so other code in the process that uses pg keeps pg's defaults.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID && format !== 'binary') return parseInt8;
    return pg.types.getTypeParser(oid, format);
  },
};

export function createPostgresPool(url: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, types: types as pg.CustomTypesConfig });
  // An idle connection dropped by the server (restart, failover) is reported here; unhandled it
  // would crash the process. The pool replaces the connection and the next query reports any
  // lasting problem where it can be acted on.
  pool.on('error', () => undefined);
  return pool;
}
