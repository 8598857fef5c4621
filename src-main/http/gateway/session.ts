// One MCP session at the gateway: the SDK's streamable-HTTP server transport on the
// client side, the guard's Relay in the middle (same policy, rate limits and audit as
// `gatehouse guard`), and an upstream started on the first message.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { Core } from '../../core';
import type { Principal } from '../../core/policy/enforcer';
import { Relay, type Authn } from '../../core/mcp/relay';
import { startUpstream, type Upstream } from '../../core/mcp/upstream';

export function principalKey(p: Principal): string {
  return `${p.type}:${p.id}`;
}

export class GatewaySession {
  readonly transport: StreamableHTTPServerTransport;
  readonly principalKey: string;
  lastUsed = Date.now();
  private auth: Authn;
  private upstream: Upstream | null = null;
  private readonly relay: Relay;
  private closed = false;

  constructor(
    private readonly core: Core,
    readonly server: string,
    principal: Principal,
    private readonly onClose: (s: GatewaySession) => void,
    onInitialized: (s: GatewaySession) => void,
  ) {
    this.principalKey = principalKey(principal);
    this.auth = { ok: true, principal };
    const maxMessageBytes = core.settings.current().maxMessageBytes;
    this.transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      // A POST's answer as one JSON body, not an SSE stream: one write instead of several
      // and no stream per request. Nothing is lost: the relay sends upstream notifications
      // and requests without a related request id, so they always went to the GET stream.
      enableJsonResponse: true,
      onsessioninitialized: () => onInitialized(this),
    });
    this.relay = new Relay({
      server,
      enforcer: core.enforcer,
      authenticate: () => this.auth,
      touch: (id) => {
        if (principal.type === 'api_key') core.keys.touch(id);
      },
      toClient: (bytes) => {
        void this.transport.send(JSON.parse(bytes.toString('utf8')) as JSONRPCMessage).catch(() => undefined);
      },
      toServer: (bytes) => this.upstreamOf().send(bytes),
      maxMessageBytes,
      actor: 'gateway',
    });
    this.transport.onmessage = (message) => this.relay.fromClient(Buffer.from(JSON.stringify(message), 'utf8'));
    this.transport.onclose = () => this.close();
  }

  get id(): string | undefined {
    return this.transport.sessionId;
  }

  /** Handles one HTTP request of this session, judged as the bearer that sent it. */
  async handle(req: IncomingMessage, res: ServerResponse, principal: Principal, body: unknown): Promise<void> {
    this.auth = { ok: true, principal };
    this.lastUsed = Date.now();
    await this.transport.handleRequest(req, res, body);
  }

  expire(timeoutMs: number): void {
    this.relay.expire(timeoutMs);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.upstream?.close();
    void this.transport.close().catch(() => undefined);
    this.onClose(this);
  }

  private upstreamOf(): Upstream {
    this.upstream ??= startUpstream(this.core, this.server, this.core.settings.current().maxMessageBytes, {
      line: (b) => this.relay.fromServer(b),
      oversize: (head, total) => this.relay.oversizeFromServer(head, total),
      gone: (message) => {
        this.relay.serverGone(message);
        // The session cannot go on without its server's state: the client's next
        // request gets 404 and it starts a new session, with a new server process.
        setTimeout(() => this.close(), 100).unref();
      },
    });
    return this.upstream;
  }
}
