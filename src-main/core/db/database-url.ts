// `--database-url` / GATEHOUSE_DATABASE_URL: team mode's PostgreSQL. The URL may carry a
// password, so it is never printed as given: messages show the redacted form.
import { GatehouseError } from '../errors';

const FORM = 'postgres://USER:PASSWORD@HOST:5432/DATABASE';

/** The URL with its password replaced by ***; unparseable input is not echoed at all. */
export function redactDatabaseUrl(raw: string): string {
  try {
    const u = new URL(raw);
    if (u.password) u.password = '***';
    for (const k of [...u.searchParams.keys()]) if (/pass/i.test(k)) u.searchParams.set(k, '***');
    return u.toString();
  } catch {
    return '(an unparseable URL)';
  }
}

/** Checks that the value is a PostgreSQL URL; the error names the expected form. */
export function parseDatabaseUrl(raw: string | undefined): string {
  const value = raw?.trim() ?? '';
  if (!value) {
    throw new GatehouseError('INVALID_INPUT', `--database-url is empty: give ${FORM} (or set GATEHOUSE_DATABASE_URL)`);
  }
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new GatehouseError('INVALID_INPUT', `--database-url is not a URL: give ${FORM}`);
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw new GatehouseError(
      'INVALID_INPUT',
      `--database-url must be a PostgreSQL URL (${FORM}); got a ${u.protocol.replace(/:$/, '')}: URL. ` +
        'Without --database-url, Gatehouse uses SQLite in the data dir',
    );
  }
  refuseTimeoutParameters(u);
  return value;
}

/**
 * Timeouts in the URL would override the one Gatehouse sets per connection (none for
 * migrations, --database-statement-timeout for the rest): refused, with the flag to use.
 */
function refuseTimeoutParameters(u: URL): void {
  const inOptions = /statement_timeout/i.test(u.searchParams.get('options') ?? '');
  const given = TIMEOUT_PARAMETERS.find((k) => u.searchParams.has(k)) ?? (inOptions ? 'options=-c statement_timeout' : null);
  if (!given) return;
  throw new GatehouseError(
    'INVALID_INPUT',
    `--database-url sets ${given}: remove it from the URL and give --database-statement-timeout <ms> (or GATEHOUSE_DATABASE_STATEMENT_TIMEOUT) instead; ` +
      'Gatehouse sets the timeout on each connection itself (migrations run without one)',
  );
}

const TIMEOUT_PARAMETERS = ['statement_timeout', 'query_timeout', 'lock_timeout', 'idle_in_transaction_session_timeout'];

/** What a connection of `role` is called in pg_stat_activity when the URL names no application. */
export const DEFAULT_APPLICATION_NAME = 'gatehouse';

/**
 * The URL to hand the driver and the connection's application_name: the URL's own
 * `?application_name=NAME` (libpq's parameter) names the replica, and each of its
 * connections is `NAME` (the store), `NAME reads`, `NAME change feed` or `NAME migrate`.
 * The parameter is taken out of the URL: the driver would otherwise give every
 * connection the bare name.
 */
export function connectionTarget(url: string, role?: string): { url: string; applicationName: string } {
  let base = DEFAULT_APPLICATION_NAME;
  let rest = url;
  try {
    const u = new URL(url);
    const named = u.searchParams.get('application_name')?.trim();
    if (u.searchParams.has('application_name')) {
      u.searchParams.delete('application_name');
      rest = u.toString();
    }
    if (named) base = named;
  } catch {
    // Not a URL: the driver says what is wrong with it.
  }
  return { url: rest, applicationName: role ? `${base} ${role}` : base };
}
