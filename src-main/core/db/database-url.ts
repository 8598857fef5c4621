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
  return value;
}
