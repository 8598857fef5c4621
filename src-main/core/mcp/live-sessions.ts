// Who is connected to the gateway right now, kept in memory by the process that runs it
// (the app or `serve`) so the admin API can show it and end a session. Nothing here is
// persisted: a session lives exactly as long as the process that holds its server.
import { GatehouseError } from '../errors';

export interface LiveSession {
  id: string;
  server: string;
  principalType: 'api_key' | 'oauth_client';
  principalId: string;
  principalName: string;
  startedAt: number;
  lastUsed: number;
}

export class LiveSessions {
  private readonly sessions = new Map<string, LiveSession>();
  private readonly enders = new Map<string, () => void>();

  /** `end` closes the session (its server process too); the holder calls `remove` when it is gone. */
  put(s: LiveSession, end: () => void): void {
    this.sessions.set(s.id, s);
    this.enders.set(s.id, end);
  }

  touch(id: string): void {
    const s = this.sessions.get(id);
    if (s) s.lastUsed = Date.now();
  }

  remove(id: string): void {
    this.sessions.delete(id);
    this.enders.delete(id);
  }

  /** Ends a session on the admin's word; its client's next request gets 404 and starts anew. */
  end(id: string): LiveSession {
    const s = this.sessions.get(id);
    const end = this.enders.get(id);
    if (!s || !end) throw new GatehouseError('NOT_FOUND', `no live gateway session ${id}: it has ended already (refresh the list)`);
    end();
    this.remove(id);
    return s;
  }

  list(): LiveSession[] {
    return [...this.sessions.values()].sort((a, b) => b.lastUsed - a.lastUsed);
  }
}
