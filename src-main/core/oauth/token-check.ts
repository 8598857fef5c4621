// Introspection (RFC 7662) and revocation (RFC 7009) for what oidc-provider will not
// handle itself: JWT access tokens (verified here, then their grant must still be live)
// and Gatehouse API keys. Opaque tokens (refresh tokens) are looked up through the
// engine's models. Callers authenticate as OAuth clients (see ./client-auth).
import { createLocalJWKSet, jwtVerify, type JWTPayload } from 'jose';
import type Provider from 'oidc-provider';
import type { Core } from '..';
import type { OAuthStore } from '.';
import type { OAuthRule } from '../../../src-shared/model/oauth';
import type { RateLimit } from '../../../src-shared/model/rate-limit';
import { changeClock, type ChangeClock } from '../db/changes';
import { audienceMatches, loopbackSpellings, rulesReach, scopeOf } from './resources';
import { isMachineGrant } from './standing-access';

export type Introspection = { active: false } | ({ active: true } & Record<string, unknown>);

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const INACTIVE: Introspection = { active: false };
const RECHECK_MS = 60_000;

export type AccessTokenCheck =
  | null
  | { ok: false; description: string }
  | { ok: true; clientId: string; clientName: string; rules: OAuthRule[]; rateLimit: RateLimit | null; scopes: string[] };

export class TokenChecker {
  private readonly verified = new Map<string, { payload: JWTPayload; clientName: string }>();
  private jwks: ReturnType<typeof createLocalJWKSet> | null = null;
  private jwksVersion = '';
  private jwksCheckedAt = 0;
  private jwksSeen = -1;
  private readonly changes: ChangeClock;

  constructor(
    private readonly core: Core,
    private readonly store: OAuthStore,
    private readonly issuer: string,
  ) {
    this.changes = changeClock(core.sql);
  }

  async introspect(provider: Provider, token: string, callerId: string): Promise<Introspection> {
    if (token.startsWith('ghk_')) return this.apiKey(token);
    if (JWT_SHAPE.test(token)) {
      const payload = await this.verifyJwt(token);
      return payload && this.jwtLive(payload) ? { active: true, token_type: 'Bearer', ...publicClaims(payload) } : INACTIVE;
    }
    const found = await this.findOpaque(provider, token);
    if (!found || !found.isValid) return INACTIVE;
    // A refresh token is its client's business only.
    if (found.kind === 'RefreshToken' && found.clientId !== callerId) return INACTIVE;
    if (found.grantId && !this.store.grants.isLive(found.grantId)) return INACTIVE;
    if (this.store.clients.access(found.clientId)?.disabled) return INACTIVE;
    return {
      active: true,
      token_type: found.kind === 'RefreshToken' ? 'refresh_token' : 'Bearer',
      client_id: found.clientId,
      sub: found.accountId ?? found.clientId,
      scope: found.scope,
      exp: found.exp,
      iat: found.iat,
      iss: this.issuer,
    };
  }

  /** Revokes what `callerId` holds; unknown or foreign tokens are ignored (RFC 7009 answers 200 anyway). */
  async revoke(provider: Provider, token: string, callerId: string): Promise<void> {
    if (JWT_SHAPE.test(token)) {
      const p = await this.verifyJwt(token);
      if (!p || p.client_id !== callerId) return;
      // A JWT is not stored: a sign-in's dies with its grant (RFC 7009 §2.1 allows it, and
      // the refresh token goes too); a machine token alone, by jti until it expires: the
      // client gives back a token, not the machine access the admin gave it.
      if (typeof p.gh_grant === 'string' && !isMachineGrant(p.gh_grant)) this.revokeGrant(p.gh_grant, callerId);
      else if (typeof p.jti === 'string' && typeof p.exp === 'number') this.store.grants.revokeJti(p.jti, p.exp);
      return;
    }
    const found = await this.findOpaque(provider, token);
    if (!found || found.clientId !== callerId) return;
    if (found.grantId) this.revokeGrant(found.grantId, callerId);
    else await found.destroy();
  }

  private revokeGrant(grantId: string, callerId: string): void {
    if (!this.store.grants.isLive(grantId)) return;
    this.store.grants.revoke(grantId, `oauth_client:${callerId}`);
  }

  private apiKey(token: string): Introspection {
    const v = this.core.keys.verify(token);
    if (!v.ok) return INACTIVE;
    const servers = this.core.servers.list().map((s) => s.name).filter((s) => rulesReach(v.rules, s));
    return {
      active: true,
      token_type: 'gatehouse_api_key',
      sub: v.keyId,
      username: v.name,
      scope: servers.map(scopeOf).join(' '),
      iss: this.issuer,
      gatehouse_rules: v.rules,
      gatehouse_rate_limit: v.rateLimit,
    };
  }

  /**
   * What the gateway asks of a bearer JWT: signed by this AS (ES256, `at+jwt`, our
   * issuer), for exactly this resource, unexpired (5 s tolerance), its grant and client
   * still live. The client's rules come with it: a token never allows more than they do.
   * Verified payloads are cached until they expire; liveness is checked every time.
   */
  async accessToken(token: string, resource: string): Promise<AccessTokenCheck> {
    if (!JWT_SHAPE.test(token)) return null;
    let hit = this.verified.get(token);
    if (!hit || (hit.payload.exp ?? 0) * 1000 <= Date.now()) {
      this.verified.delete(token);
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, this.keySet(), {
          issuer: this.issuer,
          typ: 'at+jwt',
          algorithms: ['ES256'],
          audience: loopbackSpellings(resource),
          clockTolerance: 5,
          requiredClaims: ['exp', 'client_id'],
        }));
      } catch (e) {
        return { ok: false, description: `the access token was refused: ${(e as { code?: string }).code ?? 'invalid'}` };
      }
      if (this.verified.size > 10_000) this.verified.clear();
      const id = payload.client_id as string;
      hit = { payload, clientName: this.store.clientNames([id]).get(id) ?? id };
      this.verified.set(token, hit);
    }
    const { payload, clientName } = hit;
    if (!audienceMatches(payload.aud, resource)) {
      return { ok: false, description: 'the access token is for another resource' };
    }
    if (!this.jwtLive(payload)) return { ok: false, description: 'the access token was revoked' };
    const clientId = payload.client_id as string;
    const access = this.store.clients.access(clientId)!;
    return {
      ok: true,
      clientId,
      clientName,
      rules: access.rules,
      rateLimit: access.rateLimit,
      scopes: typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [],
    };
  }

  private async verifyJwt(token: string): Promise<JWTPayload | null> {
    try {
      const { payload } = await jwtVerify(token, this.keySet(), { issuer: this.issuer, typ: 'at+jwt', algorithms: ['ES256'] });
      return payload;
    } catch {
      return null;
    }
  }

  /**
   * Live while its grant is: every token Gatehouse issues names one (gh_grant). A token
   * without one was issued before grants covered client_credentials, and is refused.
   */
  private jwtLive(p: JWTPayload): boolean {
    if (typeof p.jti === 'string' && this.store.grants.isJtiRevoked(p.jti)) return false;
    if (typeof p.gh_grant !== 'string' || typeof p.client_id !== 'string' || !this.store.grants.isLive(p.gh_grant, p.client_id)) return false;
    const access = this.store.clients.access(p.client_id);
    return !!access && !access.disabled;
  }

  private keySet() {
    // Looked at again when the data changed: a rotation reaches token checks at once in
    // this process, within the change clock's 100 ms from another.
    // A minute at most in any case: retired keys leave the set by time, not by a write.
    const seen = this.changes();
    if (this.jwks && seen === this.jwksSeen && Date.now() - this.jwksCheckedAt < RECHECK_MS) return this.jwks;
    this.jwksSeen = seen;
    this.jwksCheckedAt = Date.now();
    const version = this.store.keys.version();
    if (!this.jwks || version !== this.jwksVersion) {
      const keys = this.store.keys.privateJwks(this.store.keyRetentionMs()).map(({ d: _d, ...pub }) => pub);
      this.jwks = createLocalJWKSet({ keys });
      this.jwksVersion = version;
    }
    return this.jwks;
  }

  private async findOpaque(provider: Provider, token: string) {
    if (token.length > 200) return undefined;
    return (await provider.RefreshToken.find(token)) ?? (await provider.AccessToken.find(token)) ?? (await provider.ClientCredentials.find(token));
  }
}

function publicClaims(p: JWTPayload): Record<string, unknown> {
  const { gh_grant: _g, ...rest } = p;
  return rest;
}
