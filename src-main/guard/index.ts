// `gatehouse guard --server NAME`: what a protected client config launches instead of
// the real server. Loads only the core it needs: no UI, HTTP, OAuth or MCP SDK code.
import { openCore } from '../core';
import { isGatehouseError } from '../core/errors';
import { refuse, type Verification } from '../core/keys/verify';
import { startChild, type ChildServer } from '../core/mcp/child';
import { LineReader } from '../core/mcp/line-reader';
import { Relay, type Authn } from '../core/mcp/relay';
import { startUpstream, type Upstream } from '../core/mcp/upstream';

export interface GuardOptions {
  dataDir: string;
  server: string;
  /** Overrides the maxMessageBytes setting. */
  maxMessageBytes?: number;
  /** How long a request may wait for the server's answer. */
  requestTimeoutMs?: number;
}

/** SQLite page cache of a guard: the pages an audit insert touches, and a few more. */
const GUARD_CACHE_KIB = 256;

const say = (text: string) => process.stderr.write(`gatehouse guard: ${text}\n`);

export async function runGuard(opts: GuardOptions): Promise<void> {
  // A small page cache: the guard reads a few cached rows and appends audit rows (issue 14).
  const core = openCore({ dataDir: opts.dataDir, cacheKiB: GUARD_CACHE_KIB });
  const presented = process.env.GATEHOUSE_API_KEY?.trim() ?? '';
  // The key leaves the environment the child will inherit (startChild filters it too).
  delete process.env.GATEHOUSE_API_KEY;
  const verifier = presented ? core.keys.verifier(presented) : null;
  const verify = (): Verification => (verifier ? verifier() : refuse('malformed'));
  // The same answer while the key's verification is the same object (it is, until the key
  // changes): a message allocates no principal (memory, issue 14).
  let last: { v: Verification; authn: Authn } | null = null;
  const authenticate = (): Authn => {
    const v = verify();
    if (last?.v === v) return last.authn;
    const authn: Authn = v.ok
      ? { ok: true, principal: { type: 'api_key', id: v.keyId, name: v.name, rules: v.rules, rateLimit: v.rateLimit } }
      : { ok: false, reason: `key_${v.reason}`, message: v.message, ...(v.keyId ? { principal: { type: 'api_key' as const, id: v.keyId } } : {}) };
    last = { v, authn };
    return authn;
  };
  const first = verify();
  if (!presented) say('GATEHOUSE_API_KEY is not set: every request will be refused. Put the key in the env of this server entry.');
  else if (!first.ok) say(`the API key in GATEHOUSE_API_KEY was refused (${first.reason}): ${first.message}. Every request will be refused.`);

  const maxMessageBytes = opts.maxMessageBytes ?? core.settings.get().maxMessageBytes;
  const requestTimeoutMs = opts.requestTimeoutMs ?? 120_000;
  let child: ChildServer | null = null;
  let bridge: Upstream | null = null;

  const relay = new Relay({
    server: opts.server,
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
    toClient: (bytes) => {
      if (!process.stdout.write(bytes)) child?.process.stdout?.pause();
    },
    toServer: (bytes, msg) => {
      if (bridge) bridge.send(bytes, msg);
      else if (child && child.process.stdin?.writable) {
        if (!child.process.stdin.write(bytes)) process.stdin.pause();
      }
    },
  });
  process.stdout.on('drain', () => child?.process.stdout?.resume());

  let exiting = false;
  const finish = (code: number) => {
    if (exiting) return;
    exiting = true;
    clearInterval(sweeper);
    try {
      core.close();
    } catch {
      // Closing cannot make things better now.
    }
    // Let stdout drain before exiting so the last answers reach the client; a client
    // that stopped reading (or a broken pipe: no drain ever comes) does not keep us up.
    if (process.stdout.writableLength > 0 && !process.stdout.destroyed) {
      process.stdout.once('drain', () => process.exit(code));
      setTimeout(() => process.exit(code), 2000).unref();
    } else process.exit(code);
  };

  if (first.ok) {
    try {
      if (core.servers.transportOf(opts.server) === 'http') {
        // Bridge mode: a remote server behind a stdio entry (Claude Desktop accepts only
        // stdio). Its credentials come from the vault; the client's key stays here.
        bridge = startUpstream(core, opts.server, maxMessageBytes, {
          line: (b) => relay.fromServer(b),
          oversize: (head, total) => relay.oversizeFromServer(head, total),
          gone: (message) => {
            say(message);
            relay.serverGone(message);
          },
        });
      } else {
        child = startChild(core.servers.launch(opts.server));
      }
    } catch (e) {
      const message = isGatehouseError(e) ? e.message : `cannot start ${opts.server}: ${(e as Error).message}`;
      say(message);
      relay.serverGone(`Gatehouse could not start server ${opts.server}: ${message}`);
    }
  } else {
    relay.serverGone(`Gatehouse refused the API key (${first.reason}): ${first.message}`);
  }

  if (child) {
    const c = child;
    c.process.stdin?.on('drain', () => process.stdin.resume());
    c.process.stdin?.on('error', () => undefined); // EPIPE when the child dies: handled on exit
    const fromServer = new LineReader(maxMessageBytes, {
      line: (b) => relay.fromServer(b),
      oversize: (head, total) => relay.oversizeFromServer(head, total),
    });
    c.process.stdout?.on('data', (chunk: Buffer) => fromServer.push(chunk));
    c.process.on('error', (e) => {
      const message = `server ${opts.server} could not be started (${(e as NodeJS.ErrnoException).code ?? e.message}: ${launchText(c)})`;
      say(message);
      relay.serverGone(`Gatehouse: ${message}`);
      core.audit.record({ action: 'mcp.server_exit', server: opts.server, decision: 'error', reason: 'spawn_failed' });
    });
    c.process.on('exit', (code, signal) => {
      fromServer.end();
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      if (!exiting && !stdinEnded) {
        // Give the last stderr lines a moment to arrive for the message.
        setTimeout(() => {
          const message = `server ${opts.server} ${how}${c.tail.suffix()}`;
          say(message);
          relay.serverGone(`Gatehouse: MCP server ${opts.server} ${how}; restart the client app to start it again`);
          core.audit.record({ action: 'mcp.server_exit', server: opts.server, decision: 'error', reason: how });
          core.audit.flush();
        }, 50);
      } else {
        finish(0);
      }
    });
  }

  const fromClient = new LineReader(maxMessageBytes, {
    line: (b) => relay.fromClient(b),
    oversize: (head, total) => relay.oversizeFromClient(head, total),
  });
  let stdinEnded = false;
  process.stdin.on('data', (chunk: Buffer) => fromClient.push(chunk));
  const clientGone = () => {
    if (stdinEnded) return;
    stdinEnded = true;
    // The MCP stdio shutdown: close the server's stdin, then SIGTERM, then SIGKILL.
    bridge?.close();
    const p = child?.process;
    if (!p || p.exitCode !== null || p.signalCode !== null) return finish(0);
    p.stdin?.end();
    setTimeout(() => p.exitCode === null && p.kill('SIGTERM'), 2000).unref();
    setTimeout(() => {
      if (p.exitCode === null) p.kill('SIGKILL');
      finish(0);
    }, 4000).unref();
  };
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

  const sweeper = setInterval(() => relay.expire(requestTimeoutMs), Math.min(1000, requestTimeoutMs / 4));
  sweeper.unref();

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      const p = child?.process;
      if (p && p.exitCode === null) {
        p.kill(signal);
        setTimeout(() => finish(0), 3000).unref();
        p.once('exit', () => finish(0));
      } else finish(0);
    });
  }
}

function launchText(c: ChildServer): string {
  return [c.process.spawnfile, ...c.process.spawnargs.slice(1)].join(' ');
}
