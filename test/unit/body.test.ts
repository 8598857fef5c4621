import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BodyError, readBody } from '../../src-main/http/body';

let server: Server | null = null;
afterEach(() => server?.close());

/** Sends one raw HTTP request (headers and body in one write, or the body after the server parsed the headers) and returns what readBody made of it. */
async function bodyOf(body: Buffer, opts: { limit: number; split?: boolean; atOnce?: boolean }): Promise<string> {
  const results: Promise<string>[] = [];
  let headersParsed!: () => void;
  const parsed = new Promise<void>((r) => (headersParsed = r));
  server = createServer((req, res) => {
    headersParsed();
    // At once, as the gateway reads it (its key check takes no turn of the event loop),
    // or after a turn, as after an asynchronous token check.
    const read = opts.atOnce ? readBody(req, opts.limit) : new Promise<void>((resolve) => setImmediate(resolve)).then(() => readBody(req, opts.limit));
    // Whatever path read it, the stream must still end: oidc-provider looks at req.readable.
    const ended = read.then(async () => {
      if (req.readable) await once(req, 'end');
    });
    results.push(read);
    ended.then(
      () => res.end('ok'),
      () => res.end('refused'),
    );
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const head = Buffer.from(`POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${body.length}\r\n\r\n`);
  await new Promise<void>((resolve, reject) => {
    // The connection stays open until the answer, as a keep-alive client's would.
    const socket = connect(port, '127.0.0.1', () => {
      if (opts.split) {
        // The body goes once the server has parsed the headers, so it arrives on its own;
        // not at all when the server has already answered (a refusal on Content-Length).
        socket.write(head);
        void parsed.then(() => setImmediate(() => socket.writableEnded || socket.write(body)));
      } else socket.write(Buffer.concat([head, body]));
    });
    socket.on('error', reject);
    socket.on('data', () => socket.end());
    socket.on('close', () => resolve());
  });
  return results[0]!;
}

describe('readBody', () => {
  for (const split of [false, true]) {
    for (const atOnce of [false, true]) {
      const how = `${split ? 'arriving after the headers' : 'arriving with the headers'}, read ${atOnce ? 'at once' : 'after a turn'}`;
      it(`reads a body ${how}`, async () => {
        await expect(bodyOf(Buffer.from('{"jsonrpc":"2.0","id":1,"method":"ping"}'), { limit: 1000, split, atOnce })).resolves.toBe(
          '{"jsonrpc":"2.0","id":1,"method":"ping"}',
        );
      });
      it(`refuses a body over the limit ${how}, with 413`, async () => {
        const refused = await bodyOf(Buffer.alloc(2000, 0x61), { limit: 1000, split, atOnce }).catch((e: unknown) => e);
        expect(refused).toBeInstanceOf(BodyError);
        expect((refused as BodyError).status).toBe(413);
      });
      it(`refuses a body that is not UTF-8 ${how}, with 400`, async () => {
        const refused = await bodyOf(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { limit: 1000, split, atOnce }).catch((e: unknown) => e);
        expect(refused).toBeInstanceOf(BodyError);
        expect((refused as BodyError).status).toBe(400);
      });
    }
  }
});
