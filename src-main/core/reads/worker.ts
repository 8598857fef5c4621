// Entry of the read thread (built to out/main/read-worker.js): answers the admin's long
// reads and runs housekeeping on its own connections, so that the thread relaying MCP
// traffic never waits for them. Requests are answered in the order they finish.
import { parentPort, workerData } from 'node:worker_threads';
import { isGatehouseError } from '../errors';
import { openConnections, type ConnectionOptions } from './connections';
import { runReadOp, type ReadOp } from './ops';

export interface ReadRequest {
  id: number;
  op: ReadOp;
  args: unknown;
}

export type ReadReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; code: string; message: string };

const port = parentPort;
if (!port) throw new Error('read-worker runs as a worker thread');
const connections = openConnections(workerData as ConnectionOptions);

port.on('message', (msg: ReadRequest | { close: true }) => {
  if ('close' in msg) {
    connections.close();
    port.close();
    return;
  }
  void answer(msg).then((reply) => port.postMessage(reply));
});

async function answer(req: ReadRequest): Promise<ReadReply> {
  try {
    return { id: req.id, ok: true, value: await runReadOp(connections, req.op, req.args as never) };
  } catch (e) {
    const code = isGatehouseError(e) ? e.code : 'INTERNAL';
    return { id: req.id, ok: false, code, message: e instanceof Error ? e.message : String(e) };
  }
}
