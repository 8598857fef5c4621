// POST /admin/api/<method>: the HTTP binding of the admin API contract. Routes
// come from the contract's method list; no method is named here.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { httpPathOf, methods, type Method } from '../../src-preload/contract';
import type { AdminApi } from '../api';
import { BodyError, readBody, DEFAULT_BODY_LIMIT } from './body';
import { statusOfCode } from './error-status';
import { sendError, sendJson } from './respond';

const routes: ReadonlyMap<string, Method> = new Map(methods.map((m) => [httpPathOf(m), m]));

export { statusOfCode };

export interface AdminApiDeps {
  api: AdminApi;
  bodyLimit?: number;
}

/** Called after the session check; `pathname` starts with HTTP_API_PREFIX. */
export async function handleAdminApi(req: IncomingMessage, res: ServerResponse, pathname: string, deps: AdminApiDeps): Promise<void> {
  if (req.method !== 'POST') {
    sendError(res, 405, 'METHOD_NOT_ALLOWED', 'admin API methods are called with POST', { Allow: 'POST' });
    return;
  }
  const method = routes.get(pathname);
  if (!method) {
    sendError(res, 404, 'UNKNOWN_METHOD', 'no such admin API method');
    return;
  }
  if (!isJsonContentType(req.headers['content-type'])) {
    sendError(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'send the request body as Content-Type: application/json');
    return;
  }
  let text: string;
  try {
    text = await readBody(req, deps.bodyLimit ?? DEFAULT_BODY_LIMIT);
  } catch (e) {
    if (!(e instanceof BodyError)) throw e;
    // The rest of a moderately oversized upload is read and dropped after this answer, so
    // the client gets to read it (closing with unread bytes resets the connection and loses
    // the answer); a huge one is cut off.
    const declared = Number(req.headers['content-length'] ?? 0);
    const cut = declared > 16 * (deps.bodyLimit ?? DEFAULT_BODY_LIMIT);
    sendError(res, e.status, e.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'INVALID_INPUT', e.message, cut ? { Connection: 'close' } : {});
    return;
  }
  let input: unknown;
  if (text.trim() !== '') {
    try {
      input = JSON.parse(text);
    } catch {
      // The parser's message quotes the body; keep it out of the answer.
      sendError(res, 400, 'INVALID_INPUT', 'the request body is not valid JSON; send a JSON object such as {}');
      return;
    }
  }
  const envelope = await deps.api.dispatch(method, input, { actor: 'admin-web' });
  sendJson(res, 'error' in envelope ? statusOfCode(envelope.error.code) : 200, envelope);
}

function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false;
  const [type, ...params] = header.split(';').map((s) => s.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return params.every((p) => p === '' || p === 'charset=utf-8' || p === 'charset="utf-8"');
}
