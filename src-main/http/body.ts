// Reads a request body with a hard size limit, decoding strict UTF-8.
import type { IncomingMessage } from 'node:http';

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
    this.name = 'BodyError';
  }
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The body as text. It may resolve before the stream has ended (the whole body was in
 * its buffer): a caller that hands `req` on to code that checks `req.readable` waits for
 * 'end' first.
 */
export async function readBody(req: IncomingMessage, limit = DEFAULT_BODY_LIMIT): Promise<string> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) throw tooLarge(limit);
  // A handler runs while node's parser is still at the end of the headers. Whatever else
  // the same read brought (a small body usually comes in the same packet) is in the
  // stream's buffer by the next microtask, though the message is marked complete only a
  // turn of the event loop later.
  if (!req.complete && req.readableFlowing === null) await null;
  const buffered = req.complete || (declared !== undefined && req.headers['transfer-encoding'] === undefined && req.readableLength >= Number(declared));
  if (buffered && req.readableFlowing === null) {
    // The whole body came with the headers and waits in the stream's buffer: take it now
    // instead of a turn of the event loop later (the gateway's common case: one small POST).
    const chunks: Buffer[] = [];
    let size = 0;
    for (let c: Buffer | null; (c = req.read() as Buffer | null) !== null; ) {
      size += c.length;
      if (size > limit) {
        req.resume();
        throw tooLarge(limit);
      }
      chunks.push(c);
    }
    // Not yet marked complete: its end comes a turn later, read by nobody; let it flow.
    if (!req.complete) req.resume();
    return decodeBody(chunks);
  }
  // Events, not an async iterator: a body is one or two chunks, and the iterator's
  // promise per chunk costs more than reading it.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.resume();
        return reject(tooLarge(limit));
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('error', reject);
    // A client that goes away mid-body: no 'end' will come.
    req.on('close', () => {
      if (!req.complete) reject(new BodyError(400, 'the request body was cut off'));
    });
    req.on('end', () => {
      if (size <= limit) resolve(decodeBody(chunks));
    });
  });
}

function decodeBody(chunks: Buffer[]): Promise<string> {
  try {
    return Promise.resolve(utf8.decode(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
  } catch {
    return Promise.reject(new BodyError(400, 'the request body is not valid UTF-8'));
  }
}

function tooLarge(limit: number): BodyError {
  return new BodyError(413, `the request body is larger than ${Math.round(limit / 1024)} KiB`);
}
