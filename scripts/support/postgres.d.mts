/** A throwaway PostgreSQL server (initdb + pg_ctl in a temporary folder), as `npm test` starts for the store tests. */
export function startPostgres(): Promise<{ url: string; stop(): Promise<void> }>;
