import { describe, expect, it } from 'vitest';
import { LineReader } from '../../src-main/core/mcp/line-reader';

function reader(max = 1024) {
  const lines: string[] = [];
  const oversize: { head: string; total: number }[] = [];
  const r = new LineReader(max, {
    line: (b) => lines.push(b.toString('utf8')),
    oversize: (head, total) => oversize.push({ head: head.toString('utf8'), total }),
  });
  // What the relay sends on: the text without its line ending.
  const messages = () => lines.map((l) => l.replace(/\r?\n$/, ''));
  return { r, lines, messages, oversize };
}

describe('LineReader', () => {
  it('passes whole lines on as views of the chunk, newline included', () => {
    const { r, lines } = reader();
    const chunk = Buffer.from('{"a":1}\n{"b":2}\n');
    const views: Buffer[] = [];
    new LineReader(1024, { line: (b) => views.push(b), oversize: () => undefined }).push(chunk);
    expect(views.map((v) => v.buffer === chunk.buffer)).toEqual([true, true]);
    r.push(chunk);
    expect(lines).toEqual(['{"a":1}\n', '{"b":2}\n']);
  });

  it('joins lines split across chunks, drops CR and empty lines, and keeps a last line without newline', () => {
    const { r, messages } = reader();
    r.push(Buffer.from('{"a"'));
    r.push(Buffer.from(':1}\r\n\n{"b":2}\r'));
    r.push(Buffer.from('\n{"c":3}'));
    r.end();
    expect(messages()).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it('reports a line over the cap with its head and size, and goes on with the next', () => {
    const { r, messages, oversize } = reader(16);
    r.push(Buffer.from(`{"id":7,"x":"${'y'.repeat(40)}"}\n{"ok":1}\n`));
    expect(oversize).toHaveLength(1);
    expect(oversize[0]!.head.startsWith('{"id":7')).toBe(true);
    expect(oversize[0]!.total).toBe(55);
    expect(messages()).toEqual(['{"ok":1}']);
  });
});
