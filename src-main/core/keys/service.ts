import { hash, timingSafeEqual } from 'node:crypto';
import type { CreatedKey, KeyDetail, KeySummary } from '../../../src-shared/model/keys';
import type { RateLimit } from '../../../src-shared/model/rate-limit';
import type { Rule } from '../../../src-shared/model/rules';
import type { KeyListQuery, KeyPage, PrincipalMatch } from '../../../src-shared/model/keys';
import { changesOf } from '../audit/changes';
import type { AuditLog } from '../audit/log';
import { changeClock, type ChangeClock } from '../db/changes';
import type { Sql } from '../db/sql';
import { toSql, type Store } from '../db/store';
import type { Vault } from '../crypto/vault';
import { GatehouseError } from '../errors';
import { KeyCheckCache } from './check-cache';
import { editable, expiresAt, patched, readable, type KeyPatch } from './edit';
import { generateKey, newKeyId, parseKey } from './format';
import { keysByIds, readKeyPage, secretsOf } from './pages';
import { inGrace, iso, keyStatus, keySummary, secretInfo, type KeyRow, type SecretRow } from './rows';
import { refuse, type Verification } from './verify';

export type { KeyPatch } from './edit';

export interface NewKeyInput {
  name: string;
  description?: string;
  expiresInSeconds: number | null;
  rules: Rule[];
  rateLimit: RateLimit | null;
}

const sha256 = (s: string): Buffer => hash('sha256', s, 'buffer');
export const secretAad = (lookupId: string): string => `api_key_secrets.sealed:${lookupId}`;
// Compared against when the lookup id is unknown, so both paths do the same work.
const DUMMY_HASH = sha256('gatehouse:no-such-key');
/** last_used_at is written at most this often per key, to keep verification off the write lock. */
const TOUCH_EVERY_MS = 60_000;
/** Past this many remembered touches, the ones older than TOUCH_EVERY_MS are forgotten. */
const TOUCHED_MAX = 20_000;

type VerifyRow = Pick<SecretRow, 'hash' | 'superseded_at' | 'grace_until'> &
  Pick<KeyRow, 'id' | 'name' | 'expires_at' | 'revoked_at'> & {
    rules: Rule[];
    rateLimit: RateLimit | null;
    /** The verification this row gives while it is valid, made once. */
    accepted?: Verification & { ok: true };
  };

const SQL = {
  key: 'SELECT * FROM api_keys WHERE id = ?',
  // On a created_at tie the current secret comes first (false sorts before true on both engines).
  secretsOf: 'SELECT * FROM api_key_secrets WHERE key_id = ? ORDER BY created_at DESC, superseded_at IS NOT NULL',
  verify: `SELECT s.hash, s.superseded_at, s.grace_until, k.id, k.name, k.expires_at, k.revoked_at, k.rules, k.rate_limit
         FROM api_key_secrets s JOIN api_keys k ON k.id = s.key_id WHERE s.lookup_id = ?`,
  insertKey: `INSERT INTO api_keys (id, name, description, created_at, updated_at, expires_at, rules, rate_limit)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  insertSecret: 'INSERT INTO api_key_secrets (lookup_id, key_id, hash, sealed, created_at) VALUES (?, ?, ?, ?, ?)',
  supersede: 'UPDATE api_key_secrets SET superseded_at = ?, grace_until = ? WHERE key_id = ? AND superseded_at IS NULL',
  revoke: 'UPDATE api_keys SET revoked_at = ?, updated_at = ? WHERE id = ? AND revoked_at IS NULL',
  touch: 'UPDATE api_keys SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)',
  touchSecret: 'UPDATE api_key_secrets SET last_used_at = ? WHERE lookup_id = ? AND (last_used_at IS NULL OR last_used_at < ?)',
  endGrace: 'UPDATE api_key_secrets SET grace_until = ? WHERE key_id = ? AND superseded_at IS NOT NULL AND grace_until > ?',
  update: 'UPDATE api_keys SET name = ?, description = ?, rules = ?, rate_limit = ?, expires_at = ?, updated_at = ? WHERE id = ?',
  updatedAt: 'UPDATE api_keys SET updated_at = ? WHERE id = ?',
} as const;

export class KeyService {
  private readonly db: Sql;
  /** Last write of last_used_at per secret (lookup id), in this process. */
  private readonly touched = new Map<string, number>();
  /** The secret each key last verified with, in this process: `touch` records its use. */
  private readonly lastLookup = new Map<string, string>();
  /**
   * Rows of known lookup ids: a check costs a hash and a comparison (see check-cache.ts).
   * This service's own writes drop the key at once; another process's, the keys it changed,
   * as soon as the connection's change clock moves (db/changes.ts, within CHECK_MS).
   */
  readonly cache: KeyCheckCache<VerifyRow>;

  constructor(
    store: Store,
    private readonly vault: Vault,
    private readonly audit: AuditLog,
    private readonly now: () => number = Date.now,
    opts: { cacheSize?: number; changes?: ChangeClock } = {},
  ) {
    this.db = toSql(store);
    this.cache = new KeyCheckCache<VerifyRow>(this.db, { max: opts.cacheSize, now, changes: opts.changes ?? changeClock(store) });
  }

  create(input: NewKeyInput): CreatedKey {
    const now = this.now();
    const id = newKeyId();
    const { lookupId, key } = generateKey();
    const sealed = this.vault.seal(key, secretAad(lookupId));
    this.db.tx(() => {
      this.db.run(SQL.insertKey, [
        id,
        input.name,
        input.description ?? '',
        now,
        now,
        expiresAt(now, input.expiresInSeconds),
        JSON.stringify(input.rules),
        input.rateLimit ? JSON.stringify(input.rateLimit) : null,
      ]);
      this.db.run(SQL.insertSecret, [lookupId, id, sha256(key), sealed, now]);
    });
    this.audit.record({
      action: 'key.create',
      principalType: 'api_key',
      principalId: id,
      detail: { name: input.name, rules: input.rules, rateLimit: input.rateLimit, expiresAt: iso(expiresAt(now, input.expiresInSeconds)) },
    });
    return { key: this.get(id), secret: key };
  }

  /** A page of keys (see KeyListQuery): one index range and the secrets of those keys only. */
  list(q: KeyListQuery = {}): KeyPage {
    const now = this.now();
    const page = readKeyPage(this.db, q, now);
    return { keys: page.rows.map((r) => keySummary(r, page.secrets.get(r.id) ?? [], now)), nextCursor: page.nextCursor };
  }

  /** The keys with these ids that exist. */
  byIds(ids: string[]): KeySummary[] {
    const now = this.now();
    const rows = keysByIds(this.db, ids);
    const secrets = secretsOf(this.db, rows.map((r) => r.id));
    return rows.map((r) => keySummary(r, secrets.get(r.id) ?? [], now));
  }

  /** Keys whose name starts with `search`, by name, as principals (pickers). */
  search(search: string | undefined, limit: number, live: boolean): PrincipalMatch[] {
    return this.list({ search, sort: 'name', limit, live }).keys.map((k) => ({
      type: 'api_key' as const,
      id: k.id,
      name: k.name,
      detail: `${k.prefix}…`,
      live: k.status === 'active' || k.status === 'rotating',
    }));
  }

  /** Whether any key exists (first run). */
  any(): boolean {
    return this.db.get('SELECT 1 AS one FROM api_keys LIMIT 1') !== undefined;
  }

  get(id: string): KeyDetail {
    const row = this.row(id);
    const secrets = this.secretsOf(id);
    const now = this.now();
    return { ...keySummary(row, secrets, now), secrets: secrets.map((s) => secretInfo(s, now)) };
  }

  /** A new secret for the same key; the old one keeps working for graceSeconds. */
  rotate(id: string, graceSeconds: number): CreatedKey {
    const now = this.now();
    const { lookupId, key } = generateKey();
    const sealed = this.vault.seal(key, secretAad(lookupId));
    this.db.tx(() => {
      const row = this.row(id);
      const status = keyStatus(row, [], now);
      if (status === 'revoked' || status === 'expired') {
        throw new GatehouseError('CONFLICT', `key ${row.name} is ${status}; create a new key instead of rotating it`);
      }
      this.db.run(SQL.supersede, [now, now + graceSeconds * 1000, id]);
      this.db.run(SQL.insertSecret, [lookupId, id, sha256(key), sealed, now]);
      this.db.run(SQL.updatedAt, [now, id]);
    });
    this.cache.forgetKey(id);
    this.audit.record({ action: 'key.rotate', principalType: 'api_key', principalId: id, detail: { graceSeconds } });
    return { key: this.get(id), secret: key };
  }

  revoke(id: string): KeySummary {
    const now = this.now();
    this.db.tx(() => {
      this.row(id);
      this.db.run(SQL.revoke, [now, now, id]);
    });
    this.cache.forgetKey(id);
    this.audit.record({ action: 'key.revoke', principalType: 'api_key', principalId: id });
    return this.get(id);
  }

  /**
   * Changes any of name, description, rules, rate limit and expiry; running guards see it
   * within db/changes.ts's CHECK_MS. The audit row holds each changed field, before and after.
   */
  update(id: string, patch: KeyPatch): KeySummary {
    const now = this.now();
    const changes = this.db.tx(() => {
      const row = this.row(id);
      if (row.revoked_at !== null) throw new GatehouseError('CONFLICT', `key ${row.name} is revoked; it cannot be changed`);
      const before = editable(row);
      const after = patched(before, patch, now);
      this.db.run(SQL.update, [after.name, after.description, JSON.stringify(after.rules), after.rateLimit ? JSON.stringify(after.rateLimit) : null, after.expiresAt, now, id]);
      return changesOf(readable(before), readable(after));
    });
    this.cache.forgetKey(id);
    this.audit.record({ action: 'key.update', principalType: 'api_key', principalId: id, detail: { changes } });
    return this.get(id);
  }

  /** Ends a rotation's grace now: every previous secret stops working at once. */
  endGrace(id: string): KeyDetail {
    const now = this.now();
    const ended = this.db.tx(() => {
      const row = this.row(id);
      const inGraceNow = this.secretsOf(id).filter((s) => inGrace(s, now));
      if (row.revoked_at !== null || inGraceNow.length === 0) {
        throw new GatehouseError('CONFLICT', `key ${row.name} has no previous secret in a grace period`);
      }
      this.db.run(SQL.endGrace, [now, id, now]);
      return inGraceNow.map((s) => ({ graceUntil: iso(s.grace_until), lastUsedAt: iso(s.last_used_at) }));
    });
    this.cache.forgetKey(id);
    this.audit.record({ action: 'key.end_grace', principalType: 'api_key', principalId: id, detail: { ended } });
    return this.get(id);
  }

  /**
   * The current full key, decrypted from the vault. Always leaves an audit row, by the
   * actor of the call in progress unless one is named, with why when it is not shown.
   */
  reveal(id: string, actor?: string, purpose?: string): { secret: string } {
    const row = this.row(id);
    const current = this.secretsOf(id).find((s) => s.superseded_at === null);
    if (!current) throw new GatehouseError('NOT_FOUND', `key ${row.name} has no current secret`);
    const secret = this.vault.open(current.sealed, secretAad(current.lookup_id)).toString('utf8');
    this.audit.record({ action: 'key.reveal', actor, principalType: 'api_key', principalId: id, detail: purpose ? { purpose } : null });
    this.audit.flush();
    return { secret };
  }

  /**
   * Checks a presented key: format and checksum offline, then a look-up by its public
   * id, SHA-256 and a constant-time comparison. Read-only: safe on every message.
   */
  verify(presented: string): Verification {
    return this.verifier(presented)();
  }

  /**
   * `verify` for a key presented once and checked on every message (the guard's env
   * key): parsed and hashed once; each call looks the key up again (revocation, rules).
   */
  verifier(presented: string): () => Verification {
    const parsed = parseKey(presented);
    if (!parsed.ok) {
      const refused = refuse(parsed.reason);
      return () => refused;
    }
    const digest = sha256(presented);
    return () => this.check(parsed.lookupId, digest);
  }

  private check(lookupId: string, digest: Buffer): Verification {
    const row = this.lookup(lookupId);
    const match = timingSafeEqual(digest, row ? row.hash : DUMMY_HASH);
    if (!row || !match) return refuse('unknown');
    const now = this.now();
    if (row.revoked_at !== null) return refuse('revoked', row.id);
    if (row.expires_at !== null && row.expires_at <= now) return refuse('expired', row.id);
    if (row.superseded_at !== null && (row.grace_until ?? 0) <= now) return refuse('rotated', row.id);
    // Which secret `touch` credits: a key in its rotation grace has two.
    if (this.lastLookup.get(row.id) !== lookupId) this.rememberLookup(row.id, lookupId);
    // One answer per cached row, handed out again while the row stands: a check on every
    // message allocates nothing (the guard's memory stays flat under load).
    row.accepted ??= { ok: true, keyId: row.id, name: row.name, lookupId, rules: row.rules, rateLimit: row.rateLimit };
    return row.accepted;
  }

  private lookup(lookupId: string): VerifyRow | undefined {
    const cached = this.cache.get(lookupId);
    if (cached) return cached;
    const raw = this.db.get<Pick<SecretRow, 'hash' | 'superseded_at' | 'grace_until'> & Pick<KeyRow, 'id' | 'name' | 'expires_at' | 'revoked_at' | 'rules' | 'rate_limit'>>(
      SQL.verify,
      [lookupId],
    );
    if (!raw) return undefined; // unknown ids are not cached: random guesses must not fill memory
    const row: VerifyRow = {
      hash: raw.hash,
      superseded_at: raw.superseded_at,
      grace_until: raw.grace_until,
      id: raw.id,
      name: raw.name,
      expires_at: raw.expires_at,
      revoked_at: raw.revoked_at,
      rules: JSON.parse(raw.rules) as Rule[],
      rateLimit: raw.rate_limit ? (JSON.parse(raw.rate_limit) as RateLimit) : null,
    };
    this.cache.set(lookupId, row);
    return row;
  }

  /**
   * Records that a key was used, and with which secret (the one it last verified with
   * here): written at most once a minute per secret and process.
   */
  touch(keyId: string): void {
    const now = this.now();
    const lookupId = this.lastLookup.get(keyId) ?? keyId;
    if (now - (this.touched.get(lookupId) ?? 0) < TOUCH_EVERY_MS) return;
    if (this.touched.size >= TOUCHED_MAX) this.forgetOldTouches(now);
    this.touched.set(lookupId, now);
    this.db.run(SQL.touch, [now, keyId, now - TOUCH_EVERY_MS]);
    this.db.run(SQL.touchSecret, [now, lookupId, now - TOUCH_EVERY_MS]);
  }

  /** Bounded like `touched`: forgetting a key only means its next touch credits the key, not a secret. */
  private rememberLookup(keyId: string, lookupId: string): void {
    if (this.lastLookup.size >= TOUCHED_MAX) this.lastLookup.clear();
    this.lastLookup.set(keyId, lookupId);
  }

  private forgetOldTouches(now: number): void {
    for (const [id, at] of this.touched) if (now - at >= TOUCH_EVERY_MS) this.touched.delete(id);
  }

  private secretsOf(id: string): SecretRow[] {
    return this.db.all<SecretRow>(SQL.secretsOf, [id]);
  }

  private row(id: string): KeyRow {
    const row = this.db.get<KeyRow>(SQL.key, [id]);
    if (!row) throw new GatehouseError('NOT_FOUND', `no API key with id ${id}`);
    return row;
  }
}
