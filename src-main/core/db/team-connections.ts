// Team mode's connections per process (--database-pool-size) and their statement timeout. The store is synchronous:
// each thread that talks to PostgreSQL waits for one statement at a time, so a thread
// has exactly one connection and more would sit idle. What can vary is which threads
// get one. A `serve` replica opens, at pool size
//   3 (the default): the store (the thread relaying HTTP and MCP traffic), the change
//     feed (LISTEN: other replicas' changes reach this one's caches in milliseconds),
//     and the read thread's (the admin's long reads and the housekeeping);
//   2: the store and the change feed; the admin's reads and the housekeeping run on the
//     store's connection, between the calls it relays;
//   1: the store only; caches also expire every second (what the feed would tell them).
// A one-shot CLI command opens 1 (its reads share the store's), `gatehouse migrate` 1.
// So PostgreSQL's max_connections must cover replicas × pool size, plus the CLI.

/** statement_timeout when none is configured (--database-statement-timeout); migrations run without one. */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;

export const DEFAULT_POOL_SIZE = 3;
export const MAX_POOL_SIZE = 3;
/** From this pool size on, a process that runs long listens for changes (change-feed.ts). */
export const FEED_FROM_POOL_SIZE = 2;
/** From this pool size on, the read thread has its own connection. */
export const READ_THREAD_FROM_POOL_SIZE = 3;

export const poolSizeOf = (opts: { databasePoolSize?: number }): number => opts.databasePoolSize ?? DEFAULT_POOL_SIZE;
