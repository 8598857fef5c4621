// The PostgreSQL worker thread: the main thread blocks (Atomics.wait, through synckit)
// while this thread runs each statement on the store's own connection, so the store's
// interface stays synchronous and a transaction stays on one connection. One worker
// per process serves every store the process opens, each on its own connection.
// This file imports only packages and types: from source, Node runs it by stripping
// the types; the build emits it as out/main/pg-worker.js.
import pg from 'pg';
import { runAsWorker } from 'synckit';
import type { PgErrorInfo, PgOpenOptions, PgReply, PgRequest } from './pg-protocol';

interface Conn {
  url: string;
  options: PgOpenOptions;
  client: pg.Client | null;
  lost: unknown;
  inTx: boolean;
  /** BEGIN is sent with the transaction's first statement: one thread hop fewer per transaction. */
  beginPending: boolean;
  /** Prepared statement names by text: PostgreSQL parses and plans each text once per connection. */
  names: Map<string, string>;
}

const MAX_PREPARED = 1000;
const conns = new Map<number, Conn>();
let nextHandle = 1;

function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`the integer ${text} is beyond JavaScript's safe range (2^53)`);
  return n;
}

// INTEGER columns are BIGINT (int8) and counts are int8, sums of them numeric: numbers, as SQLite gives.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (format !== 'binary' && oid === pg.types.builtins.INT8) return parseInt8;
    if (format !== 'binary' && oid === pg.types.builtins.NUMERIC) return Number;
    return pg.types.getTypeParser(oid, format);
  },
};

const LOST_CODES = /^(08|57P0)|^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|ENETUNREACH)$/;
const LOST_MESSAGES = /Connection terminated|connection timeout|Query read timeout|Client was closed|not queryable/i;

function isLost(e: unknown): boolean {
  const code = String((e as { code?: unknown })?.code ?? '');
  return LOST_CODES.test(code) || LOST_MESSAGES.test(String((e as Error)?.message ?? ''));
}

function info(e: unknown, lost: boolean): PgErrorInfo {
  const x = (e ?? {}) as Record<string, unknown>;
  const str = (k: string) => (typeof x[k] === 'string' ? (x[k] as string) : null);
  return {
    message: e instanceof Error ? e.message : String(e),
    code: str('code'),
    detail: str('detail'),
    hint: str('hint'),
    constraint: str('constraint'),
    lost,
  };
}

async function connect(c: Conn): Promise<pg.Client> {
  const { statementTimeoutMs, connectTimeoutMs, applicationName } = c.options;
  const client = new pg.Client({
    connectionString: c.url,
    types,
    application_name: applicationName,
    ...(statementTimeoutMs > 0 ? { statement_timeout: statementTimeoutMs, query_timeout: statementTimeoutMs + 5000 } : {}),
    connectionTimeoutMillis: connectTimeoutMs,
    keepAlive: true,
  });
  // Without a listener an idle connection's error (the server restarted) would end the thread.
  client.on('error', (e) => (c.lost = e));
  client.on('end', () => (c.lost ??= new Error('Connection terminated')));
  c.lost = null;
  try {
    await client.connect();
  } catch (e) {
    client.end().catch(() => undefined);
    throw e;
  }
  c.client = client;
  c.names.clear();
  return client;
}

/** The connection, reconnected when it was lost, unless a transaction was under way on it (that one is gone). */
async function ready(c: Conn): Promise<pg.Client> {
  if (c.client && !c.lost) return c.client;
  if (c.inTx && !c.beginPending) throw Object.assign(new Error('the connection to the database was lost during a transaction'), { code: '08006' });
  c.client?.end().catch(() => undefined);
  c.client = null;
  return connect(c);
}

function nameFor(c: Conn, text: string): string | undefined {
  let name = c.names.get(text);
  if (!name && c.names.size < MAX_PREPARED) c.names.set(text, (name = `gh${c.names.size + 1}`));
  return name;
}

async function query(c: Conn, text: string, values?: unknown[]): Promise<PgReply> {
  const client = await ready(c);
  try {
    if (c.beginPending) {
      c.beginPending = false;
      await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
    }
    const res = values === undefined ? await client.query(text) : await client.query({ name: nameFor(c, text), text, values });
    const last = Array.isArray(res) ? res.at(-1) : res;
    return { ok: true, rows: last?.rows ?? [], changes: last?.rowCount ?? 0 };
  } catch (e) {
    if (isLost(e)) c.lost ??= e;
    throw e;
  }
}

async function txStep(c: Conn, op: 'begin' | 'commit' | 'rollback'): Promise<PgReply> {
  if (op === 'begin') {
    c.inTx = c.beginPending = true;
    return { ok: true };
  }
  // Nothing was sent (no statement ran), or the connection and its transaction are gone.
  if (c.beginPending || (op === 'rollback' && (c.lost || !c.inTx))) {
    c.inTx = c.beginPending = false;
    return { ok: true };
  }
  try {
    // A failed COMMIT (a serialization conflict) ends the transaction as well.
    return await query(c, op === 'commit' ? 'COMMIT' : 'ROLLBACK');
  } finally {
    c.inTx = false;
  }
}

async function open(url: string, options: PgOpenOptions): Promise<PgReply> {
  const c: Conn = { url, options, client: null, lost: null, inTx: false, beginPending: false, names: new Map() };
  await connect(c);
  const handle = nextHandle++;
  conns.set(handle, c);
  return { ok: true, handle };
}

async function close(handle: number): Promise<PgReply> {
  const c = conns.get(handle);
  conns.delete(handle);
  await c?.client?.end().catch(() => undefined);
  return { ok: true };
}

function connOf(handle: number): Conn {
  const c = conns.get(handle);
  if (!c) throw new Error('the store is closed');
  return c;
}

async function dispatch(req: PgRequest): Promise<PgReply> {
  switch (req.op) {
    case 'open':
      return open(req.url, req.options);
    case 'close':
      return close(req.handle);
    case 'query':
      return query(connOf(req.handle), req.text, req.values);
    case 'exec':
      return query(connOf(req.handle), req.text);
    default:
      return txStep(connOf(req.handle), req.op);
  }
}

runAsWorker(async (req: PgRequest): Promise<PgReply> => {
  try {
    return await dispatch(req);
  } catch (e) {
    return { ok: false, error: info(e, isLost(e)) };
  }
});
