// The HTTP status of every admin API error code, in one table typed against the
// error-code union: a new code does not compile until it has a status here.
// 4xx: the request or the state it meets is something the admin can fix (a wrong
// input, a name that matches nothing or several things, a malformed client config, a
// data dir from a newer Gatehouse, an upstream that wants a sign-in). 5xx: Gatehouse or
// something it depends on failed (a tampered vault, an upstream that errs, no keychain).
import type { ErrorCode } from '../core/errors';

export const HTTP_STATUS_OF_CODE: Readonly<Record<ErrorCode, number>> = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  UNKNOWN_METHOD: 404,
  CONFLICT: 409,
  AMBIGUOUS_NAME: 409,
  // The data dir is read-only (written by a newer Gatehouse): upgrade this one.
  READ_ONLY: 409,
  SCHEMA_TOO_NEW: 409,
  // Team mode: the admin runs `gatehouse migrate`.
  SCHEMA_TOO_OLD: 409,
  // Team mode: the part asked for still needs SQLite (it says so); the server cannot do it.
  TEAM_MODE_UNSUPPORTED: 501,
  // Which master key opens the data dir is the admin's to fix (GATEHOUSE_MASTER_KEY, keychain, key file).
  MASTER_KEY_MISSING: 409,
  MASTER_KEY_INVALID: 409,
  WRONG_MASTER_KEY: 409,
  // The admin signs Gatehouse in to the upstream (servers connect), then retries.
  UPSTREAM_SIGN_IN_NEEDED: 409,
  // A client config that does not parse: the admin fixes the file.
  CONFIG_INVALID: 422,
  // The upstream MCP server or its authorization server failed or refused.
  DISCOVERY_FAILED: 502,
  UPSTREAM_AUTH_FAILED: 502,
  // The HTTP services (or the OS keychain) are not there to serve the request.
  NOT_RUNNING: 503,
  KEYCHAIN_UNAVAILABLE: 503,
  // Resources the data dir needs: Insufficient Storage, or a condition that passes once
  // the admin (or the other process holding the lock) acts.
  DISK_FULL: 507,
  DATA_DIR_READ_ONLY: 503,
  DATABASE_BUSY: 503,
  // Team mode: PostgreSQL is down or unreachable.
  DATABASE_UNAVAILABLE: 503,
  // Integrity failures and bugs: nothing the request can change.
  VAULT_TAMPERED: 500,
  MIGRATION_EDITED: 500,
  INTERNAL: 500,
};

/** Codes outside the union (a binding's own, such as METHOD_NOT_ALLOWED) are answered by their binding; unknown ones are 500. */
export function statusOfCode(code: string): number {
  return Object.prototype.hasOwnProperty.call(HTTP_STATUS_OF_CODE, code) ? HTTP_STATUS_OF_CODE[code as ErrorCode] : 500;
}
