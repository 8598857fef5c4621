// The guard when the data dir cannot be opened for a reason the admin can fix (a full
// disk, a data dir that cannot be written, a database locked past the busy timeout): it
// still speaks MCP, so the client app shows the cause and the fix instead of "server
// disconnected". Every request gets that as its JSON-RPC error; the real server is
// never started; closing stdin ends the guard.
import type { GatehouseError } from '../core/errors';
import type { Logger } from '../core/log';
import { ERR, errorLine, idFromFragment, isRequest, type Message } from '../core/mcp/jsonrpc';
import { LineReader } from '../core/mcp/line-reader';

const LINE_CAP = 1024 * 1024;

export function answerUnavailable(e: GatehouseError, server: string, log: Logger): Promise<void> {
  const message = `Gatehouse cannot check requests for ${server}: ${e.message} Then restart the app that runs this server.`;
  log.error(message, { event: 'unavailable', code: e.code });
  const answer = (id: Parameters<typeof errorLine>[0]) => process.stdout.write(errorLine(id, ERR.INTERNAL, message, { code: e.code }));
  const reader = new LineReader(LINE_CAP, {
    line: (bytes) => {
      let msg: Message;
      try {
        msg = JSON.parse(bytes.toString('utf8')) as Message;
      } catch {
        return void answer(null);
      }
      if (msg && typeof msg === 'object' && isRequest(msg)) answer(msg.id);
    },
    oversize: (head) => answer(idFromFragment(head)),
  });
  process.stdin.on('data', (chunk: Buffer) => reader.push(chunk));
  return new Promise((resolve) => {
    process.stdin.on('end', () => {
      reader.end();
      resolve();
    });
  });
}
