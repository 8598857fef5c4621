// The core: everything Gatehouse knows, with no Electron, HTTP framework or React.
// `openCore` opens the store (SQLite in the data dir, or team mode's PostgreSQL) and the
// vault, and wires the domain services.
import type { SystemStatus } from '../../src-shared/model/system';
import type { ChangeFeed } from './db/change-feed';
import type { Database } from './db/connection';
import type { Sql } from './db/sql';
import { explainFailure } from './db/failures';
import { openStore, sqliteOnly, type OpenedStore } from './open-store';
import { poolSizeOf, READ_THREAD_FROM_POOL_SIZE } from './db/team-connections';
import { storeConnections } from './reads/connections';
import { openVault, type MasterKeyProvider, type Vault } from './crypto/vault';
import { KeyService } from './keys/service';
import { AuditLog } from './audit/log';
import { Enforcer } from './policy/enforcer';
import { RateLimiter } from './policy/rate-limiter';
import { ExposureStore } from './servers/exposure';
import { LiveSessions } from './mcp/live-sessions';
import { ServerRegistry } from './servers/registry';
import { directReads, workerReads, type Reads } from './reads';
import { SettingsStore } from './settings';
import { VERSION } from './version';
import { stderrLogger, type Logger } from './log';

export interface CoreOptions {
  dataDir: string;
  /** Master-key sources in order; defaults to env, OS keychain, key file. Tests inject their own. */
  masterKeyProviders?: MasterKeyProvider[];
  /** Path of a better-sqlite3 binary built for another ABI (Electron); see README. */
  nativeBinding?: string;
  /**
   * Run the admin's long reads (audit pages, counts, exports, the chart) and the
   * housekeeping on a worker thread with its own connections: the app and `serve`, whose
   * main thread relays MCP traffic. Otherwise they run on the calling thread.
   */
  readThread?: boolean;
  /** Where the core reports what it cannot throw (a read worker that failed, audit rows it could not write); default: warnings and errors on stderr. */
  log?: Logger;
  /** SQLite's page cache in KiB (see OpenOptions.cacheKiB): the guard keeps it small. */
  cacheKiB?: number;
  /**
   * Team mode: the PostgreSQL database (`--database-url`, postgres://…) instead of SQLite
   * in the data dir. Its schema must be exactly this build's (`gatehouse migrate`).
   */
  databaseUrl?: string | null;
  /**
   * Team mode: listen for other replicas' changes (db/change-feed.ts), for a process that
   * runs long and caches (`serve`). A one-shot command's caches go by the 1 s tick.
   */
  changeFeed?: boolean;
  /** Team mode: statement_timeout in ms (--database-statement-timeout; default 30 s). */
  statementTimeoutMs?: number;
  /** Team mode: the most connections this process opens, 1 to 3 (--database-pool-size; db/team-connections.ts). */
  databasePoolSize?: number;
}

export interface Core {
  readonly dataDir: string;
  /**
   * The SQLite connection, for what is not yet on the store interface (`sql`). In team
   * mode reading it throws TEAM_MODE_UNSUPPORTED: what needs it does not run there yet.
   */
  readonly db: Database;
  /** True in team mode (PostgreSQL). */
  readonly team: boolean;
  /** Team mode's change feed (what other replicas changed); null on SQLite. */
  readonly changeFeed: ChangeFeed | null;
  /** The store interface (sql.ts) the repositories use. */
  readonly sql: Sql;
  readonly vault: Vault;
  readonly keys: KeyService;
  readonly audit: AuditLog;
  readonly settings: SettingsStore;
  readonly limiter: RateLimiter;
  readonly enforcer: Enforcer;
  readonly servers: ServerRegistry;
  readonly exposure: ExposureStore;
  /** Gateway sessions open in this process. */
  readonly live: LiveSessions;
  /** Long reads and housekeeping, off the main thread when `readThread` was set. */
  readonly reads: Reads;
  /** What this process serves over HTTP, when it does (the app, `serve`). */
  readonly runtime: { issuer: string | null; gatewayBase: string | null; httpError: string | null };
  /** The logger the core was opened with: what runs on it reports through this, never to stderr directly. */
  readonly log: Logger;
  status(): SystemStatus;
  close(): void;
}

/**
 * Where the admin's long reads and the housekeeping run: the read thread (on its own
 * connection), or this thread; in team mode on this thread they share the store's
 * connection (a one-shot command, or a pool size that leaves the read thread none).
 */
function openReads(opts: CoreOptions, store: OpenedStore): Reads {
  const where = { dataDir: opts.dataDir, nativeBinding: opts.nativeBinding, databaseUrl: opts.databaseUrl ?? undefined, statementTimeoutMs: opts.statementTimeoutMs };
  const team = store.db === null;
  if (team && (!opts.readThread || poolSizeOf(opts) < READ_THREAD_FROM_POOL_SIZE)) return directReads(where, storeConnections(store.sql));
  return opts.readThread ? workerReads(where, opts.log) : directReads(where);
}

export function openCore(opts: CoreOptions): Core {
  // A full disk, a read-only data dir or a lock held past the busy timeout: said plainly.
  try {
    return open(opts);
  } catch (e) {
    throw explainFailure(e, opts.dataDir);
  }
}

function open(opts: CoreOptions): Core {
  const log = opts.log ?? stderrLogger();
  const store = openStore(opts, log);
  const { sql, schema } = store;
  try {
    const vault = openVault(sql, opts.dataDir, opts.masterKeyProviders, sql.dialect === 'postgres' ? `database (${store.where})` : undefined);
    const audit = new AuditLog(sql, log);
    const keys = new KeyService(sql, vault, audit);
    const settings = new SettingsStore(sql);
    const limiter = new RateLimiter(sql);
    const enforcer = new Enforcer(limiter, () => settings.current(), audit);
    const servers = new ServerRegistry(sql, vault, audit);
    const runtime: Core['runtime'] = { issuer: null, gatewayBase: null, httpError: null };
    const reads = openReads(opts, store);
    // The thread that relays MCP traffic leaves checkpoints to the read thread (maintenance
    // asks for one every few seconds): a commit that crossed the WAL's threshold used to
    // copy megabytes into the database on the spot, and the message waiting behind it waited.
    if (opts.readThread) store.db?.pragma('wal_autocheckpoint = 0');
    return {
      dataDir: opts.dataDir,
      get db() {
        return sqliteOnly(store, 'a part of Gatehouse that still reads the SQLite handle (core.db)');
      },
      team: store.db === null,
      changeFeed: store.feed,
      sql,
      vault,
      keys,
      audit,
      settings,
      limiter,
      enforcer,
      servers,
      exposure: new ExposureStore(sql, audit),
      live: new LiveSessions(),
      reads,
      runtime,
      log,
      status: () => ({
        version: VERSION,
        dataDir: opts.dataDir,
        schemaVersion: schema.version,
        readOnly: schema.readOnly,
        readOnlyReason: schema.readOnlyReason,
        masterKeySource: vault.source,
        masterKeyWeak: vault.source === 'file',
        keychainAvailable: vault.source === 'file' ? vault.keychainAvailable() : null,
        platform: process.platform,
        issuer: runtime.issuer,
        gatewayBase: runtime.gatewayBase,
        httpError: runtime.httpError,
      }),
      close: () => {
        void reads.close();
        try {
          limiter.release();
        } catch {
          // A busy or read-only database keeps what the leases held: at most 1% of a limit, refilled within a window.
        }
        try {
          audit.flush();
        } catch (e) {
          log.error(`audit: could not record the last events: ${(explainFailure(e, opts.dataDir) as Error).message}`, { event: 'audit_write_failed' });
        }
        store.close();
      },
    };
  } catch (e) {
    store.close();
    throw e;
  }
}
