// Small helpers for JSON-RPC lines that both upstream kinds (stdio and remote) use.
import type { Id, Message } from './jsonrpc';

/** Gatehouse's own identity, when it speaks to a server for itself (the era probe). */
export const GATEHOUSE_CLIENT = { name: 'gatehouse', version: '1' };

/** A result line for request `id`. */
export function resultLine(id: Id, result: unknown): Buffer {
  return Buffer.from(JSON.stringify({ jsonrpc: '2.0', id, result }) + '\n', 'utf8');
}

export function parseLine(line: Buffer): Message | null {
  try {
    const m = JSON.parse(line.toString('utf8')) as unknown;
    return m && typeof m === 'object' && !Array.isArray(m) ? (m as Message) : null;
  } catch {
    return null;
  }
}
