// Readiness of team mode's PostgreSQL store without blocking the thread that relays MCP
// traffic: the store's statements wait synchronously, and a statement sent while the
// database is down waits for the connect timeout. The change feed's connection (db/
// change-feed.ts) reconnects on its own, asynchronously, so whether it is listening is
// the database's reachability at no cost; only then is the schema read (one small query).
import type { ChangeFeed } from './db/change-feed';
import { postgresMigrations } from './db/migrations/postgres';
import type { Sql } from './db/sql';
import { failed, OK, type ProbeResult, type ReadinessProbe } from './health';

export function teamStoreProbes(sql: Sql, feed: ChangeFeed): ReadinessProbe[] {
  const latest = Math.max(0, ...postgresMigrations.map((m) => m.id));
  return [
    {
      name: 'database',
      check: (): ProbeResult => (feed.listening ? OK : failed('the database cannot be reached (the change feed is reconnecting)')),
    },
    {
      name: 'schema',
      check(): ProbeResult {
        if (!feed.listening) return failed('the database cannot be reached');
        try {
          const version = sql.get<{ v: number | null }>('SELECT max(id) AS v FROM schema_migrations')?.v ?? 0;
          if (version === latest) return OK;
          return failed(
            version > latest
              ? `the schema is ${version}, newer than this build knows (${latest}): update Gatehouse`
              : `the schema is ${version}, older than this build needs (${latest}): run gatehouse migrate`,
          );
        } catch (e) {
          return failed(`the database cannot be read: ${(e as Error).message}`);
        }
      },
    },
  ];
}
