// What an era's session needs from the remote upstream that holds it, and gives back.
import type { Logger } from '../log';
import type { Call, CallEvents, CallSpec } from './remote-call';
import type { Id, Message } from './jsonrpc';
import type { RemoteHttp } from './remote-http';
import type { UpstreamEvents } from './upstream';

export type PostSpec = Omit<CallSpec, 'deadline'> & { deadline?: number };

export interface SessionContext {
  http: RemoteHttp;
  maxMessageBytes: number;
  /** Messages for the client (through the relay). */
  on: UpstreamEvents;
  /**
   * POSTs one message as a call with the request timeout as its deadline. Events not given
   * go to the client: the answer and other messages as lines, a failure as an error to its id.
   */
  post(spec: PostSpec, events?: Partial<CallEvents>): Call;
  /** An error line to the client for request `id` (nothing for a notification). */
  failTo(id: Id | null, message: string): void;
  /** Where what has no caller to answer goes (a failed subscription stream). */
  readonly log: Logger;
  /** The call under way for a client request, by its id. */
  callOf(id: Id): Call | undefined;
  /** How the GET stream (2025 era) reopens and tells what it decided. */
  readonly stream: StreamOptions;
}

/**
 * What the GET stream decided: the server refused it (never reopened), it ended (reopened
 * after `reopenInMs`, or not at all: null), or it was closed. A test waits for these
 * instead of sleeping past a retry delay.
 */
export type StreamEvent = { kind: 'refused'; status: number } | { kind: 'ended'; reopenInMs: number | null } | { kind: 'closed' };

export interface StreamOptions {
  /** Delays before each reopening in a row, when the server gives no `retry` (1, 2, 5, 10 and 30 s). */
  retryMs?: readonly number[];
  on?: (event: StreamEvent) => void;
}

/** One era's way of speaking to the server: each client message in, whatever it takes out. */
export interface EraSession {
  send(msg: Message, bytes: Buffer): void;
  close(): void;
}

export { GATEHOUSE_CLIENT, parseLine, resultLine } from './lines';
