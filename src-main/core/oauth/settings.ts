// AS settings (registration policy, CIMD, lifetimes) as JSON rows, plus the secrets
// the engine needs across restarts: the initial access token and the cookie keys,
// both sealed in the vault.
import { randomBytes } from 'node:crypto';
import { oauthRegistrationModes, oauthTtlBounds, type OAuthSettings } from '../../../src-shared/model/oauth';
import type { Vault } from '../crypto/vault';
import { localChange } from '../db/changes';
import type { Sql } from '../db/sql';
import { toSql, type Store } from '../db/store';

export const defaultOAuthSettings: OAuthSettings = {
  // Loopback only, and MCP clients expect to register themselves.
  registration: 'open',
  cimdEnabled: true,
  cimdAllowPrivateAddresses: false,
  accessTokenTtlSeconds: 3600,
  refreshTokenTtlSeconds: 30 * 24 * 3600,
  authorizationCodeTtlSeconds: 60,
};

// Stored values were validated by the admin API's schema on the way in; this only guards
// against hand edits (as core/settings.ts does), with the model's bounds.
const isTtl = (k: keyof typeof oauthTtlBounds) => (v: unknown) =>
  Number.isInteger(v) && (v as number) >= oauthTtlBounds[k][0] && (v as number) <= oauthTtlBounds[k][1];
const isBool = (v: unknown) => typeof v === 'boolean';
const storedValid: { [K in keyof OAuthSettings]: (v: unknown) => boolean } = {
  registration: (v) => (oauthRegistrationModes as readonly unknown[]).includes(v),
  cimdEnabled: isBool,
  cimdAllowPrivateAddresses: isBool,
  accessTokenTtlSeconds: isTtl('accessTokenTtlSeconds'),
  refreshTokenTtlSeconds: isTtl('refreshTokenTtlSeconds'),
  authorizationCodeTtlSeconds: isTtl('authorizationCodeTtlSeconds'),
};

const SECRET_KEYS = { registrationToken: 'secret.registration_token', cookieKey: 'secret.cookie_key' } as const;

export class OAuthSettingsStore {
  private readonly sql: Sql;

  constructor(
    store: Store,
    private readonly vault: Vault,
  ) {
    this.sql = toSql(store);
  }

  get(): OAuthSettings {
    const merged: Record<string, unknown> = { ...defaultOAuthSettings };
    for (const [k, valid] of Object.entries(storedValid)) {
      const raw = this.raw(k);
      if (raw === undefined) continue;
      try {
        const value: unknown = JSON.parse(raw);
        if (valid(value)) merged[k] = value;
      } catch {
        // A hand-edited row: the default stands.
      }
    }
    return merged as OAuthSettings;
  }

  update(patch: Partial<OAuthSettings>): OAuthSettings {
    this.sql.tx(() => {
      for (const [k, v] of Object.entries(patch)) if (v !== undefined) this.put(k, JSON.stringify(v));
    });
    localChange(this.sql);
    return this.get();
  }

  /** Everything the engine's configuration depends on; it rebuilds when this changes. */
  version(): string {
    const row = this.sql.get<{ n: number; t: number | null }>('SELECT count(*) AS n, max(updated_at) AS t FROM oauth_settings')!;
    return `${row.n}:${row.t}`;
  }

  registrationToken(): string | null {
    const sealed = this.raw(SECRET_KEYS.registrationToken);
    return sealed ? this.vault.open(Buffer.from(sealed, 'base64'), 'oauth:registration-token').toString('utf8') : null;
  }

  rotateRegistrationToken(): string {
    const token = `ghr_${randomBytes(32).toString('base64url')}`;
    this.put(SECRET_KEYS.registrationToken, this.vault.seal(token, 'oauth:registration-token').toString('base64'));
    return token;
  }

  /** Keys that sign oidc-provider's cookies: made once, kept so restarts do not break flows in progress. */
  cookieKeys(): string[] {
    const sealed = this.raw(SECRET_KEYS.cookieKey);
    if (sealed) return [this.vault.open(Buffer.from(sealed, 'base64'), 'oauth:cookie-key').toString('utf8')];
    const key = randomBytes(32).toString('base64url');
    // Two replicas starting at once: the first key written is everyone's.
    this.sql.run('INSERT OR IGNORE INTO oauth_settings (key, value, updated_at) VALUES (?, ?, 0)', [
      SECRET_KEYS.cookieKey,
      this.vault.seal(key, 'oauth:cookie-key').toString('base64'),
    ]);
    return this.cookieKeys();
  }

  issuer(): string | null {
    return this.raw('issuer') ?? null;
  }

  /** Recorded by the engine at start so the admin UI can show the issuer (not part of version()). */
  recordIssuer(issuer: string): void {
    this.sql.run('INSERT INTO oauth_settings (key, value, updated_at) VALUES (?, ?, 0) ON CONFLICT(key) DO UPDATE SET value = excluded.value', ['issuer', issuer]);
  }

  private raw(key: string): string | undefined {
    return this.sql.get<{ value: string }>('SELECT value FROM oauth_settings WHERE key = ?', [key])?.value;
  }

  private put(key: string, value: string): void {
    this.sql.run(
      'INSERT INTO oauth_settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
      [key, value, Date.now()],
    );
  }
}
