// Who is connected to the gateway right now, kept in memory by the process that runs it
// (the app or `serve`) so the admin API can show it. Nothing here is persisted.
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

  put(s: LiveSession): void {
    this.sessions.set(s.id, s);
  }

  touch(id: string): void {
    const s = this.sessions.get(id);
    if (s) s.lastUsed = Date.now();
  }

  remove(id: string): void {
    this.sessions.delete(id);
  }

  list(): LiveSession[] {
    return [...this.sessions.values()].sort((a, b) => b.lastUsed - a.lastUsed);
  }
}
