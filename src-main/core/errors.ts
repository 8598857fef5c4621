// One error type for the whole core: a stable `code` that scripts and the UI can
// branch on, and a message a person can act on (with the fix when one is known).
export type ErrorCode =
  | 'INVALID_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  /** A name given where an id is taken matches several things: the message lists them. */
  | 'AMBIGUOUS_NAME'
  | 'READ_ONLY'
  | 'SCHEMA_TOO_NEW'
  /** Team mode: the database's schema is older than this build: `gatehouse migrate` brings it up. */
  | 'SCHEMA_TOO_OLD'
  /** Team mode: PostgreSQL cannot be reached. */
  | 'DATABASE_UNAVAILABLE'
  | 'MIGRATION_EDITED'
  /** Team mode: a part of Gatehouse that does not run on PostgreSQL yet was asked for. */
  | 'TEAM_MODE_UNSUPPORTED'
  | 'MASTER_KEY_MISSING'
  | 'MASTER_KEY_INVALID'
  | 'WRONG_MASTER_KEY'
  | 'VAULT_TAMPERED'
  | 'KEYCHAIN_UNAVAILABLE'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'UNKNOWN_METHOD'
  | 'DISCOVERY_FAILED'
  | 'CONFIG_INVALID'
  | 'UPSTREAM_SIGN_IN_NEEDED'
  | 'UPSTREAM_AUTH_FAILED'
  | 'NOT_RUNNING'
  | 'DISK_FULL'
  | 'DATA_DIR_READ_ONLY'
  | 'DATABASE_BUSY'
  | 'INTERNAL';

export class GatehouseError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = 'GatehouseError';
  }
}

export function isGatehouseError(e: unknown): e is GatehouseError {
  return e instanceof GatehouseError;
}
