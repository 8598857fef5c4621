// Sign-in for the admin web UI: one-time login tokens (printed by `gatehouse
// serve`) and the sessions they open: in the store when one is given (`serve`: every
// replica of a team deployment knows them), else in memory. Only SHA-256 hashes of
// tokens and session ids are kept, so a heap dump does not hand out a live credential.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { storedAdminSessions, type AdminSessionStore } from '../core/admin-sessions';
import type { Store } from '../core/db/store';

export interface AdminSessionOptions {
  /** A session unused this long is gone. Default 12 h. */
  idleMs?: number;
  /** A session ends this long after sign-in, used or not. Default 7 days. */
  absoluteMs?: number;
  /** Oldest sessions are dropped beyond this. Default 64. */
  maxSessions?: number;
  /** Oldest login tokens (used or not) are forgotten beyond this. Default 64. */
  maxTokens?: number;
  now?: () => number;
  /**
   * Tokens minted by another process (`gatehouse admin-link`) and stored hashed in the
   * data dir: asked when a token is not one of this process's own.
   */
  redeemStored?: (token: string) => 'ok' | 'used' | 'invalid';
  /**
   * Keep tokens and sessions in this store instead of memory: a link minted by one
   * replica works at another, and a session opened at one is known to all.
   */
  store?: Store;
}

export type RedeemResult = { ok: true; sessionId: string } | { ok: false; reason: 'used' | 'invalid' };

interface TokenEntry {
  hash: Buffer;
  used: boolean;
}
interface SessionEntry {
  createdAt: number;
  lastSeenAt: number;
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export class AdminSessions {
  private readonly tokens: TokenEntry[] = [];
  private readonly sessions = new Map<string, SessionEntry>();
  private readonly idleMs: number;
  private readonly absoluteMs: number;
  private readonly maxSessions: number;
  private readonly maxTokens: number;
  private readonly now: () => number;
  private readonly redeemStored: AdminSessionOptions['redeemStored'];
  private readonly stored: AdminSessionStore | null;

  constructor(opts: AdminSessionOptions = {}) {
    this.idleMs = opts.idleMs ?? 12 * 3600_000;
    this.absoluteMs = opts.absoluteMs ?? 7 * 24 * 3600_000;
    this.maxSessions = opts.maxSessions ?? 64;
    this.maxTokens = opts.maxTokens ?? 64;
    this.now = opts.now ?? Date.now;
    this.redeemStored = opts.redeemStored;
    this.stored = opts.store
      ? storedAdminSessions(opts.store, { idleMs: this.idleMs, absoluteMs: this.absoluteMs, maxSessions: this.maxSessions, now: this.now })
      : null;
  }

  /** A fresh one-time login token: 32 random bytes, base64url. */
  mintLoginToken(): string {
    if (this.stored) return this.stored.mintLoginToken();
    const token = randomBytes(32).toString('base64url');
    this.tokens.push({ hash: sha256(token), used: false });
    while (this.tokens.length > this.maxTokens) this.tokens.shift();
    return token;
  }

  /** Spends a login token and opens a session. Each token works exactly once. */
  redeemLoginToken(token: string | null | undefined): RedeemResult {
    if (typeof token !== 'string' || !TOKEN_SHAPE.test(token)) return { ok: false, reason: 'invalid' };
    if (this.stored) {
      const r = this.stored.redeemLoginToken(token);
      return r === 'ok' ? { ok: true, sessionId: this.stored.open() } : { ok: false, reason: r };
    }
    const hash = sha256(token);
    let found: TokenEntry | undefined;
    // Compare against every entry, without stopping early, in constant time each.
    for (const entry of this.tokens) {
      if (timingSafeEqual(entry.hash, hash) && !found) found = entry;
    }
    if (!found) return this.redeemFromStore(token);
    if (found.used) return { ok: false, reason: 'used' };
    found.used = true;
    return { ok: true, sessionId: this.openSession() };
  }

  private redeemFromStore(token: string): RedeemResult {
    const stored = this.redeemStored?.(token) ?? 'invalid';
    return stored === 'ok' ? { ok: true, sessionId: this.openSession() } : { ok: false, reason: stored };
  }

  /** True when `sessionId` names a live session; using it resets its idle clock. */
  touch(sessionId: string | undefined): boolean {
    if (!sessionId || sessionId.length > 200) return false;
    if (this.stored) return this.stored.touch(sessionId);
    const key = sha256(sessionId).toString('hex');
    const entry = this.sessions.get(key);
    if (!entry) return false;
    const now = this.now();
    if (now - entry.lastSeenAt > this.idleMs || now - entry.createdAt > this.absoluteMs) {
      this.sessions.delete(key);
      return false;
    }
    entry.lastSeenAt = now;
    return true;
  }

  end(sessionId: string | undefined): void {
    if (sessionId && this.stored) this.stored.end(sessionId);
    else if (sessionId) this.sessions.delete(sha256(sessionId).toString('hex'));
  }

  get sessionCount(): number {
    return this.stored ? this.stored.count() : this.sessions.size;
  }

  private openSession(): string {
    const id = randomBytes(32).toString('base64url');
    const now = this.now();
    this.prune(now);
    this.sessions.set(sha256(id).toString('hex'), { createdAt: now, lastSeenAt: now });
    while (this.sessions.size > this.maxSessions) {
      const oldest = this.sessions.keys().next().value;
      if (oldest === undefined) break;
      this.sessions.delete(oldest);
    }
    return id;
  }

  private prune(now: number): void {
    for (const [key, s] of this.sessions) {
      if (now - s.lastSeenAt > this.idleMs || now - s.createdAt > this.absoluteMs) this.sessions.delete(key);
    }
  }
}

function sha256(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}
