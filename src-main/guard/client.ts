// The guard's two pipes: the client app on our stdin/stdout, the server behind the Relay.
// A full stdout pauses the server's output until it drains; a broken one means the client left.
import type { Core } from '../core';
import { LineReader } from '../core/mcp/line-reader';
import { Relay, type Authn } from '../core/mcp/relay';
import type { GuardServer } from './server';

export function newRelay(core: Core, server: string, maxMessageBytes: number, authenticate: () => Authn, up: GuardServer): Relay {
  const relay = new Relay({
    server,
    enforcer: core.enforcer,
    authenticate,
    touch: (id) => {
      try {
        core.keys.touch(id);
      } catch {
        // A read-only data dir: last-used is cosmetic.
      }
    },
    maxMessageBytes,
    dataDir: core.dataDir,
    log: core.log,
    toClient: (bytes) => {
      if (!process.stdout.write(bytes)) up.stdio?.pauseOutput();
    },
    toServer: (bytes, msg) => (up.bridge ?? up.eras ?? up.stdio)?.send(bytes, msg),
  });
  process.stdout.on('drain', () => up.stdio?.resumeOutput());
  return relay;
}

export function readClient(relay: Relay, maxMessageBytes: number, clientGone: () => void): void {
  const fromClient = new LineReader(maxMessageBytes, {
    line: (b) => relay.fromClient(b),
    oversize: (head, total) => relay.oversizeFromClient(head, total),
  });
  process.stdin.on('data', (chunk: Buffer) => fromClient.push(chunk));
  process.stdin.on('end', () => {
    fromClient.end();
    clientGone();
  });
  // EPIPE on stdout: the client closed its end without closing ours. Unhandled, it
  // crashed the guard with a stack trace; it means the same as stdin's end.
  process.stdout.on('error', () => {
    process.stdin.pause();
    clientGone();
  });
}
