// The running AS: an oidc-provider instance built from the stored settings and keys,
// rebuilt when either changes (a rotated signing key, a new registration policy), so
// the admin app and the CLI can change them while `serve` runs.
import { changeClock, type ChangeClock } from '../db/changes';
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { OidcClient } from 'oidc-provider';
import type { Core } from '..';
import { failed, OK, type ReadinessProbe } from '../health';
import { oauthStoreOf, type OAuthStore } from '.';
import { buildProvider } from './provider-config';
import { Resources } from './resources';
import { TokenChecker } from './token-check';

export interface EngineOptions {
  core: Core;
  issuer: string;
  gatewayBase: string;
  errorPage(error: string, description: string): string;
}

export interface ClientCredentials {
  clientId: string;
  clientSecret: string | null;
}

const SWEEP_MS = 10 * 60_000;
const RECHECK_MS = 60_000;

export class OAuthEngine {
  readonly store: OAuthStore;
  readonly resources: Resources;
  readonly tokens: TokenChecker;
  private provider!: Provider;
  private handler!: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  private version = '';
  private readonly changes: ChangeClock;
  private seen = -1;
  private checkedAt = 0;
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly opts: EngineOptions) {
    this.store = oauthStoreOf(opts.core);
    this.changes = changeClock(opts.core.sql);
    this.resources = new Resources(opts.gatewayBase, (name) => opts.core.servers.has(name), (url) => this.store.resourceServers.nameOf(url), this.changes);
    this.tokens = new TokenChecker(opts.core, this.store, opts.issuer);
    this.store.settings.recordIssuer(opts.issuer);
    this.current();
    this.sweeper = setInterval(() => this.store.grants.sweep(), SWEEP_MS);
    this.sweeper.unref();
  }

  get issuer(): string {
    return this.opts.issuer;
  }

  /** The provider for this request; rebuilt when settings or keys changed. */
  current(): Provider {
    // Settings and keys are looked at again only when something changed: this process's
    // own writes at once, another process's (the CLI) within the clock's 100 ms.
    // A minute at most in any case: retired signing keys leave by time, not by a write.
    const seen = this.changes();
    if (this.provider && seen === this.seen && Date.now() - this.checkedAt < RECHECK_MS) return this.provider;
    this.seen = seen;
    this.checkedAt = Date.now();
    const version = `${this.store.settings.version()}|${this.store.keys.version()}`;
    if (!this.provider || version !== this.version) {
      const provider = buildProvider({ core: this.opts.core, store: this.store, issuer: this.opts.issuer, resources: this.resources, errorPage: this.opts.errorPage });
      this.provider = provider;
      this.handler = provider.callback();
      // Keys are created on first build: read the version again so it is not rebuilt next time.
      this.version = `${this.store.settings.version()}|${this.store.keys.version()}`;
    }
    return this.provider;
  }

  handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.current();
    return this.handler(req, res);
  }

  /**
   * Authenticates a client at the introspection and revocation endpoints: a confidential
   * client by its secret (constant time); a public one by id alone, and only when allowed.
   */
  async authenticate(creds: ClientCredentials, allowPublic: boolean): Promise<OidcClient | null> {
    const client = await this.current().Client.find(creds.clientId);
    if (!client) return null;
    if (client.clientAuthMethod === 'none') return allowPublic && creds.clientSecret === null ? client : null;
    if (creds.clientSecret === null) return null;
    const stored = (client.metadata().client_secret as string | undefined) ?? '';
    const a = Buffer.from(stored);
    const b = Buffer.from(creds.clientSecret);
    return a.length === b.length && a.length > 0 && timingSafeEqual(a, b) ? client : null;
  }

  /** Readiness: the provider builds (its keys open with this master key) and a key signs. */
  signingKeysProbe(): ReadinessProbe {
    return {
      name: 'signing_keys',
      check: () => {
        this.current();
        const signing = this.store.keys.list(this.store.keyRetentionMs()).some((k) => k.state === 'signing');
        return signing ? OK : failed('no signing key is loaded');
      },
    };
  }

  close(): void {
    clearInterval(this.sweeper);
    this.store.standing.flush();
  }
}
