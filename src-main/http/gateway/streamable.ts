// The server half of MCP's streamable HTTP transport, as the gateway needs it: what a
// request must carry, and how answers go back (one JSON body per POSTed request, an SSE
// stream for everything else). The gateway relays bytes; it has no MCP server of its own.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorLine, type Id } from '../../core/mcp/jsonrpc';

export const SESSION_HEADER = 'mcp-session-id';

/** A refusal before any message is relayed: HTTP status and a JSON-RPC error. */
export interface Refusal {
  status: number;
  code: number;
  message: string;
  headers?: Record<string, string>;
  /** The JSON-RPC error's data (a reason and retryAfterMs, say). */
  data?: Record<string, unknown>;
}

function accepts(req: IncomingMessage, type: string): boolean {
  const accept = req.headers.accept;
  // No Accept means anything (RFC 9110 §12.5.1); the spec's clients send both types.
  return !accept || accept.includes(type) || accept.includes('*/*');
}

/** Header checks of a POST: it carries JSON and can take a JSON answer. */
export function postRefusal(req: IncomingMessage): Refusal | null {
  const type = req.headers['content-type'];
  if (!type || !/^application\/json\s*(;|$)/i.test(type)) {
    return { status: 415, code: -32000, message: 'Unsupported Media Type: the body must be application/json' };
  }
  if (!accepts(req, 'application/json')) {
    return { status: 406, code: -32000, message: 'Not Acceptable: the client must accept application/json' };
  }
  return protocolRefusal(req);
}

/** Header checks of a GET: it opens an event stream. */
export function getRefusal(req: IncomingMessage): Refusal | null {
  if (!accepts(req, 'text/event-stream')) {
    return { status: 406, code: -32000, message: 'Not Acceptable: the client must accept text/event-stream' };
  }
  return protocolRefusal(req);
}

/**
 * MCP-Protocol-Version, when sent, must at least be a protocol version. Which ones are
 * spoken is between the client and the server behind the gateway, not the gateway's call.
 */
function protocolRefusal(req: IncomingMessage): Refusal | null {
  const v = req.headers['mcp-protocol-version'];
  if (v !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(v))) {
    return { status: 400, code: -32000, message: `Bad Request: unsupported MCP-Protocol-Version ${JSON.stringify(String(v)).slice(0, 40)}` };
  }
  return null;
}

/**
 * The HTTP status of a message the classifier refused: 400 when it is not a usable
 * JSON-RPC message at all; 200 when it is a request answered with an error (unknown
 * method, bad params), as an MCP server answers one.
 */
export function refusalStatus(code: number): number {
  return code === -32600 || code === -32700 ? 400 : 200;
}

export function refuse(res: ServerResponse, r: Refusal, id: Id | null = null, sessionId?: string): void {
  const body = errorLine(id, r.code, r.message, r.data);
  res.writeHead(r.status, {
    'Content-Type': 'application/json',
    'Content-Length': String(body.length),
    ...(sessionId ? { 'Mcp-Session-Id': sessionId } : {}),
    ...r.headers,
  });
  res.end(body);
}

/** A POSTed request's answer: the JSON-RPC message as the body, in one write. */
export function answerJson(res: ServerResponse, status: number, sessionId: string, body: Buffer): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(body.length), 'Mcp-Session-Id': sessionId });
  res.end(body);
}

export function openEventStream(res: ServerResponse, sessionId: string): ServerResponse {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'Mcp-Session-Id': sessionId,
  });
  res.flushHeaders();
  return res;
}

/** One message as an SSE event. A JSON line holds no raw newline but its last. */
export function sseEvent(line: Buffer): string {
  const text = line.toString('utf8');
  return `event: message\ndata: ${text.endsWith('\n') ? text.slice(0, -1) : text}\n\n`;
}
