import { changeClock, type ChangeClock } from '../db/changes';
import { hash, timingSafeEqual } from 'node:crypto';
import type {
  CreatedKey,
  KeyDetail,
  KeySecretInfo,
  KeyStatus,
  KeySummary,
  RateLimit,
  Rule,
} from '../../../src-preload/contract';
import type { AuditLog } from '../audit/log';
import { writeTx, type Database } from '../db/connection';
import type { Vault } from '../crypto/vault';
import { GatehouseError } from '../errors';
import { displayPrefix, generateKey, newKeyId, parseKey } from './format';
import { refuse, type Verification } from './verify';

interface KeyRow {
  id: string;
  name: string;
  created_at: number;
  updated_at: number;
  expires_at: number | null;
  revoked_at: number | null;
  last_used_at: number | null;
  rules: string;
  rate_limit: string | null;
}

interface SecretRow {
  lookup_id: string;
  key_id: string;
  hash: Buffer;
  sealed: Buffer;
  created_at: number;
  superseded_at: number | null;
  grace_until: number | null;
}

export interface NewKeyInput {
  name: string;
  expiresInSeconds: number | null;
  rules: Rule[];
  rateLimit: RateLimit | null;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
const sha256 = (s: string): Buffer => hash('sha256', s, 'buffer');
const secretAad = (lookupId: string): string => `api_key_secrets.sealed:${lookupId}`;
// Compared against when the lookup id is unknown, so both paths do the same work.
const DUMMY_HASH = sha256('gatehouse:no-such-key');
/** last_used_at is written at most this often per key, to keep verification off the write lock. */
const TOUCH_EVERY_MS = 60_000;
/** How often the verification cache asks SQLite whether another process changed anything. */
const CACHE_MAX = 10_000;

type VerifyRow = Pick<SecretRow, 'hash' | 'superseded_at' | 'grace_until'> &
  Pick<KeyRow, 'id' | 'name' | 'expires_at' | 'revoked_at'> & { rules: Rule[]; rateLimit: RateLimit | null };

export class KeyService {
  private readonly stmts;
  private readonly touched = new Map<string, number>();
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
        `INSERT INTO api_keys (id, name, created_at, updated_at, expires_at, rules, rate_limit)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertSecret: db.prepare(
        'INSERT INTO api_key_secrets (lookup_id, key_id, hash, sealed, created_at) VALUES (?, ?, ?, ?, ?)',
      ),
      supersede: db.prepare(
        'UPDATE api_key_secrets SET superseded_at = ?, grace_until = ? WHERE key_id = ? AND superseded_at IS NULL',
      ),
      revoke: db.prepare('UPDATE api_keys SET revoked_at = ?, updated_at = ? WHERE id = ? AND revoked_at IS NULL'),
      touch: db.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)'),
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
        now,
        now,
        input.expiresInSeconds === null ? null : now + input.expiresInSeconds * 1000,
        JSON.stringify(input.rules),
        input.rateLimit ? JSON.stringify(input.rateLimit) : null,
      );
      this.stmts.insertSecret.run(lookupId, id, sha256(key), this.vault.seal(key, secretAad(lookupId)), now);
    });
    this.cache.clear();
    this.audit.record({ action: 'key.create', principalType: 'api_key', principalId: id, detail: { name: input.name } });
    return { key: this.get(id), secret: key };
  }

  list(): KeySummary[] {
    const secrets = this.secretsByKey();
    return (this.stmts.keys.all() as KeyRow[]).map((row) => this.summary(row, secrets.get(row.id) ?? []));
  }

  get(id: string): KeyDetail {
    const row = this.row(id);
    const secrets = this.stmts.secretsOf.all(id) as SecretRow[];
    const now = this.now();
    return {
      ...this.summary(row, secrets),
      secrets: secrets.map(
        (s): KeySecretInfo => ({
          prefix: displayPrefix(s.lookup_id),
          createdAt: iso(s.created_at)!,
          state: s.superseded_at === null ? 'current' : (s.grace_until ?? 0) > now ? 'grace' : 'retired',
          graceUntil: iso(s.grace_until),
        }),
      ),
    };
  }

  /** A new secret for the same key; the old one keeps working for graceSeconds. */
  rotate(id: string, graceSeconds: number): CreatedKey {
    const now = this.now();
    const { lookupId, key } = generateKey();
    writeTx(this.db, () => {
      const row = this.row(id);
      const status = this.status(row, [], now);
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

  /** Changes name, rules or rate limit; running guards see it within db/changes.ts's CHECK_MS. */
  update(id: string, patch: { name?: string; rules?: Rule[]; rateLimit?: RateLimit | null }): KeySummary {
    const now = this.now();
    writeTx(this.db, () => {
      const row = this.row(id);
      this.db
        .prepare('UPDATE api_keys SET name = ?, rules = ?, rate_limit = ?, updated_at = ? WHERE id = ?')
        .run(
          patch.name ?? row.name,
          patch.rules ? JSON.stringify(patch.rules) : row.rules,
          patch.rateLimit === undefined ? row.rate_limit : patch.rateLimit ? JSON.stringify(patch.rateLimit) : null,
          now,
          id,
        );
    });
    this.cache.clear();
    this.audit.record({
      action: 'key.update',
      principalType: 'api_key',
      principalId: id,
      detail: { fields: Object.keys(patch).filter((k) => patch[k as keyof typeof patch] !== undefined) },
    });
    return this.get(id);
  }

  /** Names by id, for lists that show principals. */
  names(): Map<string, string> {
    return new Map((this.db.prepare('SELECT id, name FROM api_keys').all() as { id: string; name: string }[]).map((r) => [r.id, r.name]));
  }

  /** The current full key, decrypted from the vault. Always leaves an audit row. */
  reveal(id: string, actor: string): { secret: string } {
    const row = this.row(id);
    const current = (this.stmts.secretsOf.all(id) as SecretRow[]).find((s) => s.superseded_at === null);
    if (!current) throw new GatehouseError('NOT_FOUND', `key ${row.name} has no current secret`);
    const secret = this.vault.open(current.sealed, secretAad(current.lookup_id)).toString('utf8');
    this.audit.record({ action: 'key.reveal', actor, principalType: 'api_key', principalId: id });
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

  /** Records that a key was used; written at most once a minute per key and process. */
  touch(keyId: string): void {
    const now = this.now();
    const last = this.touched.get(keyId) ?? 0;
    if (now - last < TOUCH_EVERY_MS) return;
    this.touched.set(keyId, now);
    this.stmts.touch.run(now, keyId, now - TOUCH_EVERY_MS);
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

  private status(row: KeyRow, secrets: SecretRow[], now: number): KeyStatus {
    if (row.revoked_at !== null) return 'revoked';
    if (row.expires_at !== null && row.expires_at <= now) return 'expired';
    return secrets.some((s) => s.superseded_at !== null && (s.grace_until ?? 0) > now) ? 'rotating' : 'active';
  }

  private summary(row: KeyRow, secrets: SecretRow[]): KeySummary {
    const now = this.now();
    const current = secrets.find((s) => s.superseded_at === null);
    const status = this.status(row, secrets, now);
    const graceUntil =
      status === 'rotating'
        ? Math.max(...secrets.filter((s) => s.superseded_at !== null).map((s) => s.grace_until ?? 0))
        : null;
    return {
      id: row.id,
      name: row.name,
      prefix: current ? displayPrefix(current.lookup_id) : 'ghk_',
      status,
      createdAt: iso(row.created_at)!,
      expiresAt: iso(row.expires_at),
      lastUsedAt: iso(row.last_used_at),
      revokedAt: iso(row.revoked_at),
      graceUntil: iso(graceUntil),
      rules: JSON.parse(row.rules) as Rule[],
      rateLimit: row.rate_limit ? (JSON.parse(row.rate_limit) as RateLimit) : null,
    };
  }
}
