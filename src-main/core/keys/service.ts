import { hash, timingSafeEqual } from 'node:crypto';
import type { CreatedKey, KeyDetail, KeySummary, RateLimit, Rule } from '../../../src-preload/contract';
import { changesOf } from '../audit/changes';
import { changeClock, type ChangeClock } from '../db/changes';
import type { AuditLog } from '../audit/log';
import { writeTx, type Database } from '../db/connection';
import type { Vault } from '../crypto/vault';
import { GatehouseError } from '../errors';
import { generateKey, newKeyId, parseKey } from './format';
import { inGrace, iso, keyStatus, keySummary, secretInfo, type KeyRow, type SecretRow } from './rows';
import { refuse, type Verification } from './verify';

export interface NewKeyInput {
  name: string;
  description?: string;
  expiresInSeconds: number | null;
  rules: Rule[];
  rateLimit: RateLimit | null;
}

/** What `update` may change; a field left out stays as it is. */
export interface KeyPatch {
  name?: string;
  description?: string;
  rules?: Rule[];
  rateLimit?: RateLimit | null;
  /** A new lifetime from now; null: never expires. */
  expiresInSeconds?: number | null;
}

const sha256 = (s: string): Buffer => hash('sha256', s, 'buffer');
const secretAad = (lookupId: string): string => `api_key_secrets.sealed:${lookupId}`;
// Compared against when the lookup id is unknown, so both paths do the same work.
const DUMMY_HASH = sha256('gatehouse:no-such-key');
/** last_used_at is written at most this often per key, to keep verification off the write lock. */
const TOUCH_EVERY_MS = 60_000;
/** Rows the verification cache holds before it starts over. */
const CACHE_MAX = 10_000;

type VerifyRow = Pick<SecretRow, 'hash' | 'superseded_at' | 'grace_until'> &
  Pick<KeyRow, 'id' | 'name' | 'expires_at' | 'revoked_at'> & { rules: Rule[]; rateLimit: RateLimit | null };

export class KeyService {
  private readonly stmts;
  /** Last write of last_used_at per secret (lookup id), in this process. */
  private readonly touched = new Map<string, number>();
  /** The secret each key last verified with, in this process: `touch` records its use. */
  private readonly lastLookup = new Map<string, string>();
  // Rows of known lookup ids, so a verification costs a hash and a comparison. Emptied on
  // this service's own writes, and as soon as another process's commit moves the change clock
  // (db/changes.ts, within CHECK_MS), so a revocation anywhere applies within that time.
  private readonly cache = new Map<string, VerifyRow>();
  private readonly changes: ChangeClock;
  private dataVersion = -1;

  constructor(
    private readonly db: Database,
    private readonly vault: Vault,
    private readonly audit: AuditLog,
    private readonly now: () => number = Date.now,
  ) {
    this.changes = changeClock(db);
    this.stmts = {
      key: db.prepare('SELECT * FROM api_keys WHERE id = ?'),
      keys: db.prepare('SELECT * FROM api_keys ORDER BY created_at DESC, id'),
      secretsOf: db.prepare('SELECT * FROM api_key_secrets WHERE key_id = ? ORDER BY created_at DESC, superseded_at IS NOT NULL'),
      allSecrets: db.prepare('SELECT * FROM api_key_secrets'),
      verify: db.prepare(
        `SELECT s.hash, s.superseded_at, s.grace_until, k.id, k.name, k.expires_at, k.revoked_at, k.rules, k.rate_limit
         FROM api_key_secrets s JOIN api_keys k ON k.id = s.key_id WHERE s.lookup_id = ?`,
      ),
      insertKey: db.prepare(
        `INSERT INTO api_keys (id, name, description, created_at, updated_at, expires_at, rules, rate_limit)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertSecret: db.prepare(
        'INSERT INTO api_key_secrets (lookup_id, key_id, hash, sealed, created_at) VALUES (?, ?, ?, ?, ?)',
      ),
      supersede: db.prepare(
        'UPDATE api_key_secrets SET superseded_at = ?, grace_until = ? WHERE key_id = ? AND superseded_at IS NULL',
      ),
      revoke: db.prepare('UPDATE api_keys SET revoked_at = ?, updated_at = ? WHERE id = ? AND revoked_at IS NULL'),
      touch: db.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)'),
      touchSecret: db.prepare('UPDATE api_key_secrets SET last_used_at = ? WHERE lookup_id = ? AND (last_used_at IS NULL OR last_used_at < ?)'),
      endGrace: db.prepare('UPDATE api_key_secrets SET grace_until = ? WHERE key_id = ? AND superseded_at IS NOT NULL AND grace_until > ?'),
    };
  }

  create(input: NewKeyInput): CreatedKey {
    const now = this.now();
    const id = newKeyId();
    const { lookupId, key } = generateKey();
    writeTx(this.db, () => {
      this.stmts.insertKey.run(
        id,
        input.name,
        input.description ?? '',
        now,
        now,
        expiresAt(now, input.expiresInSeconds),
        JSON.stringify(input.rules),
        input.rateLimit ? JSON.stringify(input.rateLimit) : null,
      );
      this.stmts.insertSecret.run(lookupId, id, sha256(key), this.vault.seal(key, secretAad(lookupId)), now);
    });
    this.cache.clear();
    this.audit.record({
      action: 'key.create',
      principalType: 'api_key',
      principalId: id,
      detail: { name: input.name, rules: input.rules, rateLimit: input.rateLimit, expiresAt: iso(expiresAt(now, input.expiresInSeconds)) },
    });
    return { key: this.get(id), secret: key };
  }

  list(): KeySummary[] {
    const secrets = this.secretsByKey();
    const now = this.now();
    return (this.stmts.keys.all() as KeyRow[]).map((row) => keySummary(row, secrets.get(row.id) ?? [], now));
  }

  get(id: string): KeyDetail {
    const row = this.row(id);
    const secrets = this.stmts.secretsOf.all(id) as SecretRow[];
    const now = this.now();
    return { ...keySummary(row, secrets, now), secrets: secrets.map((s) => secretInfo(s, now)) };
  }

  /** A new secret for the same key; the old one keeps working for graceSeconds. */
  rotate(id: string, graceSeconds: number): CreatedKey {
    const now = this.now();
    const { lookupId, key } = generateKey();
    writeTx(this.db, () => {
      const row = this.row(id);
      const status = keyStatus(row, [], now);
      if (status === 'revoked' || status === 'expired') {
        throw new GatehouseError('CONFLICT', `key ${row.name} is ${status}; create a new key instead of rotating it`);
      }
      this.stmts.supersede.run(now, now + graceSeconds * 1000, id);
      this.stmts.insertSecret.run(lookupId, id, sha256(key), this.vault.seal(key, secretAad(lookupId)), now);
      this.db.prepare('UPDATE api_keys SET updated_at = ? WHERE id = ?').run(now, id);
    });
    this.cache.clear();
    this.audit.record({ action: 'key.rotate', principalType: 'api_key', principalId: id, detail: { graceSeconds } });
    return { key: this.get(id), secret: key };
  }

  revoke(id: string): KeySummary {
    const now = this.now();
    writeTx(this.db, () => {
      this.row(id);
      this.stmts.revoke.run(now, now, id);
    });
    this.cache.clear();
    this.audit.record({ action: 'key.revoke', principalType: 'api_key', principalId: id });
    return this.get(id);
  }

  /**
   * Changes any of name, description, rules, rate limit and expiry; running guards see it
   * within db/changes.ts's CHECK_MS. The audit row holds each changed field, before and after.
   */
  update(id: string, patch: KeyPatch): KeySummary {
    const now = this.now();
    const changes = writeTx(this.db, () => {
      const row = this.row(id);
      if (row.revoked_at !== null) throw new GatehouseError('CONFLICT', `key ${row.name} is revoked; it cannot be changed`);
      const before = editable(row);
      const after = { ...before, ...definedOf(patch), ...(patch.expiresInSeconds === undefined ? {} : { expiresAt: expiresAt(now, patch.expiresInSeconds) }) };
      this.db
        .prepare('UPDATE api_keys SET name = ?, description = ?, rules = ?, rate_limit = ?, expires_at = ?, updated_at = ? WHERE id = ?')
        .run(after.name, after.description, JSON.stringify(after.rules), after.rateLimit ? JSON.stringify(after.rateLimit) : null, after.expiresAt, now, id);
      return changesOf(readable(before), readable(after));
    });
    this.cache.clear();
    this.audit.record({ action: 'key.update', principalType: 'api_key', principalId: id, detail: { changes } });
    return this.get(id);
  }

  /** Ends a rotation's grace now: every previous secret stops working at once. */
  endGrace(id: string): KeyDetail {
    const now = this.now();
    const ended = writeTx(this.db, () => {
      const row = this.row(id);
      const inGraceNow = (this.stmts.secretsOf.all(id) as SecretRow[]).filter((s) => inGrace(s, now));
      if (row.revoked_at !== null || inGraceNow.length === 0) {
        throw new GatehouseError('CONFLICT', `key ${row.name} has no previous secret in a grace period`);
      }
      this.stmts.endGrace.run(now, id, now);
      return inGraceNow.map((s) => ({ graceUntil: iso(s.grace_until), lastUsedAt: iso(s.last_used_at) }));
    });
    this.cache.clear();
    this.audit.record({ action: 'key.end_grace', principalType: 'api_key', principalId: id, detail: { ended } });
    return this.get(id);
  }

  /** Names by id, for lists that show principals. */
  names(): Map<string, string> {
    return new Map((this.db.prepare('SELECT id, name FROM api_keys').all() as { id: string; name: string }[]).map((r) => [r.id, r.name]));
  }

  /**
   * The current full key, decrypted from the vault. Always leaves an audit row, by the
   * actor of the call in progress unless one is named, with why when it is not shown.
   */
  reveal(id: string, actor?: string, purpose?: string): { secret: string } {
    const row = this.row(id);
    const current = (this.stmts.secretsOf.all(id) as SecretRow[]).find((s) => s.superseded_at === null);
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
    this.lastLookup.set(row.id, lookupId);
    return {
      ok: true,
      keyId: row.id,
      name: row.name,
      lookupId,
      rules: row.rules,
      rateLimit: row.rateLimit,
    };
  }

  private lookup(lookupId: string): VerifyRow | undefined {
    const version = this.changes();
    if (version !== this.dataVersion) {
      this.dataVersion = version;
      this.cache.clear();
    }
    const cached = this.cache.get(lookupId);
    if (cached) return cached;
    const raw = this.stmts.verify.get(lookupId) as
      | (Pick<SecretRow, 'hash' | 'superseded_at' | 'grace_until'> &
          Pick<KeyRow, 'id' | 'name' | 'expires_at' | 'revoked_at' | 'rules' | 'rate_limit'>)
      | undefined;
    if (!raw) return undefined; // unknown ids are not cached: random guesses must not fill memory
    const row: VerifyRow = {
      ...raw,
      rules: JSON.parse(raw.rules) as Rule[],
      rateLimit: raw.rate_limit ? (JSON.parse(raw.rate_limit) as RateLimit) : null,
    };
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
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
    if (this.touched.size >= CACHE_MAX) this.touched.clear();
    this.touched.set(lookupId, now);
    this.stmts.touch.run(now, keyId, now - TOUCH_EVERY_MS);
    this.stmts.touchSecret.run(now, lookupId, now - TOUCH_EVERY_MS);
  }

  private row(id: string): KeyRow {
    const row = this.stmts.key.get(id) as KeyRow | undefined;
    if (!row) throw new GatehouseError('NOT_FOUND', `no API key with id ${id}`);
    return row;
  }

  private secretsByKey(): Map<string, SecretRow[]> {
    const map = new Map<string, SecretRow[]>();
    for (const s of this.stmts.allSecrets.all() as SecretRow[]) {
      const list = map.get(s.key_id) ?? [];
      list.push(s);
      map.set(s.key_id, list);
    }
    return map;
  }
}

function expiresAt(now: number, seconds: number | null): number | null {
  return seconds === null ? null : now + seconds * 1000;
}

/** The key's fields an update can change, as stored. */
function editable(row: KeyRow) {
  return {
    name: row.name,
    description: row.description,
    rules: JSON.parse(row.rules) as Rule[],
    rateLimit: row.rate_limit ? (JSON.parse(row.rate_limit) as RateLimit) : null,
    expiresAt: row.expires_at,
  };
}

/** The same fields as the audit log shows them (times as ISO strings). */
function readable(e: ReturnType<typeof editable>): Record<string, unknown> {
  return { ...e, expiresAt: iso(e.expiresAt) };
}

function definedOf(patch: KeyPatch): Partial<ReturnType<typeof editable>> {
  const out: Partial<ReturnType<typeof editable>> = {};
  if (patch.name !== undefined) out.name = patch.name;
  if (patch.description !== undefined) out.description = patch.description;
  if (patch.rules !== undefined) out.rules = patch.rules;
  if (patch.rateLimit !== undefined) out.rateLimit = patch.rateLimit;
  return out;
}
