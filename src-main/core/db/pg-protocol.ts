// The messages between the store (main thread) and the PostgreSQL worker thread. Types
// only: the worker is loaded on its own (Node strips the types when it runs from source).

export interface PgOpenOptions {
  /** statement_timeout in ms (0: none). */
  statementTimeoutMs: number;
  /** How long to wait for a connection, in ms. */
  connectTimeoutMs: number;
  applicationName: string;
}

export type PgRequest =
  | { op: 'open'; url: string; options: PgOpenOptions }
  | { op: 'query'; handle: number; text: string; values: unknown[] }
  | { op: 'exec'; handle: number; text: string }
  | { op: 'begin'; handle: number }
  | { op: 'commit'; handle: number }
  | { op: 'rollback'; handle: number }
  | { op: 'close'; handle: number };

export interface PgErrorInfo {
  message: string;
  /** SQLSTATE (23505, 40001, …) or a socket error's code (ECONNREFUSED). */
  code: string | null;
  detail: string | null;
  hint: string | null;
  constraint: string | null;
  /** The connection is gone (server down, network, killed): the store reconnects outside a transaction. */
  lost: boolean;
}

export type PgReply =
  | { ok: true; handle?: number; rows?: Record<string, unknown>[]; changes?: number }
  | { ok: false; error: PgErrorInfo };
