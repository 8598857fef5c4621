// Just enough cookie handling for the admin session cookie.
import type { IncomingMessage } from 'node:http';

export const SESSION_COOKIE = 'gh_session';

/** The value of cookie `name`, or undefined (also when it appears twice: ambiguous). */
export function readCookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  let value: string | undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    if (value !== undefined) return undefined;
    value = part.slice(eq + 1).trim();
  }
  return value;
}

export function sessionCookie(value: string, opts: { secure: boolean }): string {
  return [`${SESSION_COOKIE}=${value}`, 'HttpOnly', 'SameSite=Strict', 'Path=/admin', ...(opts.secure ? ['Secure'] : [])].join('; ');
}

export function clearedSessionCookie(opts: { secure: boolean }): string {
  return [`${SESSION_COOKIE}=`, 'HttpOnly', 'SameSite=Strict', 'Path=/admin', 'Max-Age=0', ...(opts.secure ? ['Secure'] : [])].join('; ');
}
