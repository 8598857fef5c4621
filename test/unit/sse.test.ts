// SseReader: an event stream to one JSON-RPC line per `message` event, size-capped. The
// blank line that ends an event must reach it (the line reader keeps empty lines for it).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idFromFragment } from '../../src-main/core/mcp/jsonrpc';
import { lineOf, oneLine, SseReader } from '../../src-main/core/mcp/sse';

function reader(max = 1024) {
  const lines: string[] = [];
  const oversize: { head: Buffer; total: number }[] = [];
  const r = new SseReader(max, {
    line: (b) => lines.push(b.toString('utf8')),
    oversize: (head, total) => oversize.push({ head: Buffer.from(head), total }),
  });
  return { r, lines, oversize };
}

/** Feeds `text` split into pieces of `size` bytes (1: byte by byte). */
function feed(r: SseReader, text: string, size = Infinity): void {
  const bytes = Buffer.from(text, 'utf8');
  if (size === Infinity) return r.push(bytes);
  for (let i = 0; i < bytes.length; i += size) r.push(bytes.subarray(i, i + size));
}

const TWO_EVENTS = 'data: {"jsonrpc":"2.0","id":1,"result":{}}\n\ndata: {"jsonrpc":"2.0","method":"notifications/x","params":{"é":"ü"}}\n\n';
const TWO_LINES = ['{"jsonrpc":"2.0","id":1,"result":{}}\n', '{"jsonrpc":"2.0","method":"notifications/x","params":{"é":"ü"}}\n'];

describe('SseReader', () => {
  it('delivers each message event as one line, whatever the chunk boundaries', () => {
    for (const size of [Infinity, 1, 2, 3, 7]) {
      const { r, lines } = reader();
      feed(r, TWO_EVENTS, size);
      expect(lines, `pieces of ${size}`).toEqual(TWO_LINES);
    }
    // Cut in two at every byte (inside a multi-byte character too).
    const bytes = Buffer.from(TWO_EVENTS, 'utf8');
    for (let cut = 1; cut < bytes.length; cut++) {
      const { r, lines } = reader();
      r.push(bytes.subarray(0, cut));
      r.push(bytes.subarray(cut));
      expect(lines, `cut at ${cut}`).toEqual(TWO_LINES);
    }
  });

  it('reads CRLF line endings, byte by byte too', () => {
    const text = 'event: message\r\ndata: {"a":1}\r\n\r\ndata: {"b":2}\r\n\r\n';
    for (const size of [Infinity, 1]) {
      const { r, lines } = reader();
      feed(r, text, size);
      expect(lines).toEqual(['{"a":1}\n', '{"b":2}\n']);
    }
  });

  it('joins multi-line data and compacts pretty-printed JSON to one line', () => {
    const pretty = JSON.stringify({ jsonrpc: '2.0', id: 'x', result: { tools: [{ name: 'a b' }] } }, null, 2);
    const text = pretty.split('\n').map((l) => `data: ${l}\n`).join('') + '\n' + 'data:{"no":"space"}\n\n';
    for (const size of [Infinity, 1]) {
      const { r, lines } = reader();
      feed(r, text, size);
      expect(lines).toEqual(['{"jsonrpc":"2.0","id":"x","result":{"tools":[{"name":"a b"}]}}\n', '{"no":"space"}\n']);
      expect(lines.every((l) => l.indexOf('\n') === l.length - 1)).toBe(true);
    }
  });

  it('ignores comments, and events of another type, and delivers default and message events', () => {
    const { r, lines } = reader();
    feed(
      r,
      ': keepalive\n\n' +
        'event: other\ndata: {"skip":1}\n\n' +
        'data: {"a":1}\n: a comment inside an event\n\n' + // the event type does not carry over
        'event: message\ndata: {"b":2}\n\n' +
        ':\n\n',
    );
    expect(lines).toEqual(['{"a":1}\n', '{"b":2}\n']);
  });

  it('delivers nothing for comments and events of another type', () => {
    const { r, lines, oversize } = reader();
    feed(r, ': keepalive\n\n:ping\r\n\r\nevent: other\ndata: {"skip":1}\n\n', 1);
    r.end();
    expect(lines).toEqual([]);
    expect(oversize).toEqual([]);
  });

  it('records the id of the last event in lastEventId', () => {
    const { r } = reader();
    expect(r.lastEventId).toBeNull();
    feed(r, 'id: 41\ndata: {"a":1}\n\n', 1);
    expect(r.lastEventId).toBe('41');
    feed(r, 'id: ev-42\r\ndata: {"b":2}\r\n\r\n');
    expect(r.lastEventId).toBe('ev-42');
    feed(r, 'id: bad\0id\ndata: {}\n\n'); // an id with NUL is ignored (WHATWG)
    expect(r.lastEventId).toBe('ev-42');
  });

  it('reports data over the cap once, with its id visible in the head, and delivers nothing of it', () => {
    const big = `{"jsonrpc":"2.0","id":7,"result":{"x":"${'y'.repeat(500)}"}}`;
    for (const size of [Infinity, 1]) {
      const { r, lines, oversize } = reader(100);
      feed(r, `data: ${big}\ndata: ${big}\n\n`, size);
      expect(lines).toEqual([]);
      expect(oversize).toHaveLength(1);
      expect(oversize[0]!.total).toBeGreaterThan(100);
      expect(idFromFragment(oversize[0]!.head)).toBe(7);
    }
  });

  it('reports several data lines that together pass the cap once', () => {
    const part = 'z'.repeat(60);
    const { r, lines, oversize } = reader(100);
    feed(r, `data: {"id":8,"a":"${part}",\ndata: "b":"${part}",\ndata: "c":"${part}"}\n\n`);
    expect(lines).toEqual([]);
    expect(oversize).toHaveLength(1);
    expect(oversize[0]!.total).toBeGreaterThan(100);
    expect(idFromFragment(oversize[0]!.head)).toBe(8);
  });

  it('delivers the next event after an oversize one', () => {
    const big = `{"jsonrpc":"2.0","id":7,"result":{"x":"${'y'.repeat(500)}"}}`;
    for (const size of [Infinity, 1]) {
      const { r, lines, oversize } = reader(100);
      feed(r, `data: ${big}\n\ndata: {"ok":1}\n\n`, size);
      expect(oversize).toHaveLength(1);
      expect(lines).toEqual(['{"ok":1}\n']);
    }
  });

  // Known bug: a single data line only a little over the cap (cap < value <= cap + 58
  // bytes) passes LineReader's cap (cap + 64 with "data: "), and SseReader reports it
  // with the data gathered *before* it as head: empty, so the relay cannot find the id.
  it('reports a data line just over the cap with its id in the head', () => {
    const msg = `{"jsonrpc":"2.0","id":9,"result":{"x":"${'y'.repeat(80)}"}}`;
    expect(msg.length).toBeGreaterThan(100);
    expect(msg.length).toBeLessThan(150);
    const { r, lines, oversize } = reader(100);
    feed(r, `data: ${msg}\n\n`);
    expect(lines).toEqual([]);
    expect(oversize).toHaveLength(1);
    expect(idFromFragment(oversize[0]!.head)).toBe(9);
  });
});

describe('SseReader line endings and reconnection fields', () => {
  it('reads events separated by bare CRs (the WHATWG format allows CR, LF and CRLF)', () => {
    const text = 'event: message\rdata: {"a":1}\r\rdata: {"b":2}\r\r';
    for (const size of [Infinity, 1, 2]) {
      const { r, lines } = reader();
      feed(r, text, size);
      expect(lines, `pieces of ${size}`).toEqual(['{"a":1}\n', '{"b":2}\n']);
    }
  });

  it('reads a stream that mixes CR, LF and CRLF', () => {
    const { r, lines } = reader();
    feed(r, 'data: {"a":1}\r\n\ndata: {"b":2}\n\rid: 3\rdata: {"c":3}\r\r\n');
    expect(lines).toEqual(['{"a":1}\n', '{"b":2}\n', '{"c":3}\n']);
    expect(r.lastEventId).toBe('3');
  });

  it('takes a priming event (an id, retry and empty data) as no message, and keeps its id and retry', () => {
    const { r, lines } = reader();
    feed(r, 'id: ev-1\nretry: 750\ndata: \n\n', 1);
    expect(lines).toEqual([]);
    expect(r.lastEventId).toBe('ev-1');
    expect(r.retryMs).toBe(750);
  });

  it('drops an endless event without buffering it: reported before the stream ends, the next event delivered', () => {
    const { r, lines, oversize } = reader(100);
    r.push(Buffer.from('data: {"jsonrpc":"2.0","id":12,"result":"'));
    for (let i = 0; i < 100; i++) r.push(Buffer.from('x'.repeat(1000)));
    expect(oversize).toHaveLength(1);
    expect(idFromFragment(oversize[0]!.head)).toBe(12);
    r.push(Buffer.from('"}\n\ndata: {"ok":true}\n\n'));
    expect(lines).toEqual(['{"ok":true}\n']);
    expect(oversize).toHaveLength(1);
  });

  it('delivers the same messages however the stream is cut, whatever the line endings (property)', () => {
    const message = fc.record({ id: fc.integer({ min: 0, max: 1e6 }), text: fc.string({ maxLength: 40 }) });
    fc.assert(
      fc.property(fc.array(message, { minLength: 1, maxLength: 6 }), fc.constantFrom('\n', '\r', '\r\n'), fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 20 }), (msgs, eol, cuts) => {
        const text = msgs.map((m) => `id: ${m.id}${eol}data: ${JSON.stringify(m)}${eol}${eol}`).join('');
        const { r, lines } = reader(4096);
        const bytes = Buffer.from(text, 'utf8');
        let at = 0;
        for (let i = 0; at < bytes.length; i++) {
          const n = cuts[i % cuts.length]!;
          r.push(bytes.subarray(at, at + n));
          at += n;
        }
        expect(lines).toEqual(msgs.map((m) => JSON.stringify(m) + '\n'));
        expect(r.lastEventId).toBe(String(msgs[msgs.length - 1]!.id));
      }),
    );
  });
});

describe('oneLine', () => {
  it('leaves a one-line text as it is', () => {
    expect(oneLine('{"a": 1,  "b":2}')).toBe('{"a": 1,  "b":2}');
    expect(oneLine('')).toBe('');
  });

  it('compacts multi-line JSON, CRLF too', () => {
    expect(oneLine('{\n  "a": 1,\n  "b": [\n    "x y"\n  ]\n}')).toBe('{"a":1,"b":["x y"]}');
    expect(oneLine('{\r\n  "a": 1\r\n}')).toBe('{"a":1}');
  });

  it('joins a multi-line text that is not JSON with spaces', () => {
    expect(oneLine('not\njson\r\n{')).toBe('not json {');
  });
});

describe('lineOf', () => {
  it('passes a one-line body on as its own bytes, trimmed, with one newline', () => {
    const body = Buffer.from('{"jsonrpc":"2.0","id":1,"result":{}}');
    const line = lineOf(body);
    expect(line.toString()).toBe('{"jsonrpc":"2.0","id":1,"result":{}}\n');
    expect(lineOf(Buffer.from('  {"a":1}\n')).toString()).toBe('{"a":1}\n');
    expect(lineOf(Buffer.from('{"a":1}\r\n\r\n')).toString()).toBe('{"a":1}\n');
  });

  it('compacts a pretty-printed body into one line', () => {
    expect(lineOf(Buffer.from('{\n  "a": "é"\n}\n')).toString()).toBe('{"a":"é"}\n');
  });
});
