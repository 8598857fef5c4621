// A 2025-11-25 server may close a request's event stream before the answer, after an
// event with an id and `retry`; the client must come back with GET and Last-Event-ID after
// that time. And a server that never answers gets its caller a clear error in time.
import type http from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import { MAX_RESUMES } from '../../src-main/core/mcp/remote-call';
import { json, scriptedUpstreams, sessionHandler, WAIT, type Handler, type Seen } from '../helpers/scripted-upstream';

const { upstreamServer, connect } = scriptedUpstreams();

const CALL = { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'slow', arguments: {} } };
const ANSWER = { jsonrpc: '2.0', id: 7, result: { content: [{ type: 'text', text: 'late but here' }] } };

function sse(res: http.ServerResponse): http.ServerResponse {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'mcp-session-id': 'sess-1' });
  return res;
}

/** A server that primes each tools/call stream with `prime`, closes it, and answers on a GET naming that event id. */
function priming(prime: string, onGet: (s: Seen, res: http.ServerResponse) => void) {
  const closedAt: number[] = [];
  const gets: { at: number; lastEventId: string | undefined; session: string | undefined }[] = [];
  const handler = sessionHandler((s, res) => {
    if (s.json?.method !== 'tools/call') return json(res, { jsonrpc: '2.0', id: s.json?.id, result: {} });
    sse(res).end(prime);
    closedAt.push(performance.now());
  });
  return {
    closedAt,
    gets,
    handler: (s: Seen, res: http.ServerResponse, req: http.IncomingMessage) => {
      if (s.method !== 'GET') return handler(s, res, req);
      gets.push({ at: performance.now(), lastEventId: s.headers['last-event-id'] as string | undefined, session: s.headers['mcp-session-id'] as string | undefined });
      onGet(s, res);
    },
  };
}

/** Sends CALL to a server with this handler once the session is up; the connection and CALL's answer line. */
async function callThrough(handler: Handler) {
  const { url } = await upstreamServer(handler);
  const c = connect(url);
  await c.initialize();
  c.send(CALL);
  await vi.waitFor(() => expect(c.lines().some((l) => l.id === 7)).toBe(true), WAIT);
  return { c, answer: c.lines().find((l) => l.id === 7)! };
}

describe('resuming a 2025-11-25 event stream', () => {
  it('comes back with GET and Last-Event-ID after the retry the server gave, and delivers the answer sent there', async () => {
    const p = priming('id: ev-1\nretry: 150\ndata: \n\n', (s, res) => {
      if (s.headers['last-event-id'] === 'ev-1') sse(res).end(`id: ev-2\ndata: ${JSON.stringify(ANSWER)}\n\n`);
      else res.writeHead(405).end();
    });
    const { answer, c } = await callThrough(p.handler);
    expect(answer).toEqual(ANSWER);
    const resume = p.gets.find((g) => g.lastEventId === 'ev-1')!;
    expect(resume.session).toBe('sess-1');
    expect(resume.at - p.closedAt[0]!).toBeGreaterThanOrEqual(140); // it waited the retry the server asked for
    expect(c.raw.filter((l) => l.trim() === '')).toEqual([]); // the priming event is no message
  });

  it('resumes again from the newest event id when the resumed stream closes before the answer too', async () => {
    let n = 0;
    const p = priming('id: a\nretry: 50\ndata: \n\n', (s, res) => {
      n++;
      if (n < 3) return void sse(res).end(`id: a${n}\nretry: 50\ndata: \n\n`);
      sse(res).end(`data: ${JSON.stringify(ANSWER)}\n\n`);
    });
    const { answer } = await callThrough(p.handler);
    expect(answer).toEqual(ANSWER);
    expect(p.gets.map((g) => g.lastEventId).filter((id) => id !== undefined)).toEqual(['a', 'a1', 'a2']);
  });

  it('gives up with an error after a bounded number of resumes that bring nothing new', async () => {
    const p = priming('id: stuck\nretry: 20\ndata: \n\n', (_s, res) => void sse(res).end());
    const { answer } = await callThrough(p.handler);
    expect(answer.error!.message).toMatch(new RegExp(`up closed the event stream of tools/call ${MAX_RESUMES} times without answering it`));
    expect(p.gets.filter((g) => g.lastEventId === 'stuck')).toHaveLength(MAX_RESUMES);
  });

  it('answers at once with an error when the stream closes without an answer and without an event id', async () => {
    const p = priming(': nothing to resume from\n\n', () => undefined);
    const { answer } = await callThrough(p.handler);
    expect(answer.error!.message).toMatch(/closed the event stream of tools\/call before answering it, with no event id to resume from/);
    expect(p.gets.filter((g) => g.lastEventId)).toEqual([]);
  });
});

describe('a server that never answers', () => {
  it('gets the call answered with an error naming the timeout, and the connection dropped', async () => {
    let held: http.ServerResponse | null = null;
    let dropped = false;
    const { url } = await upstreamServer(
      sessionHandler((s, res, req) => {
        if (s.json?.method !== 'tools/call') return json(res, { jsonrpc: '2.0', id: s.json?.id, result: {} });
        held = res; // never answered
        req.socket.on('close', () => (dropped = true));
      }),
    );
    const c = connect(url, 1024 * 1024, 400);
    await c.initialize();
    c.send(CALL);
    await vi.waitFor(() => expect(c.lines().some((l) => l.id === 7)).toBe(true), WAIT);
    expect(held).not.toBeNull();
    expect(c.lines().find((l) => l.id === 7)!.error).toMatchObject({ code: -32000, message: expect.stringMatching(/up did not answer tools\/call within 400 ms/) });
    await vi.waitFor(() => expect(dropped).toBe(true), WAIT);
  });
});
