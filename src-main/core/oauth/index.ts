// The OAuth AS's data, without the engine: clients, grants, settings and signing keys.
// The admin API and the CLI use this; `serve` adds the oidc-provider engine on top
// (./engine), so commands that only manage data never load oidc-provider.
import type { OAuthSettingsView } from '../../../src-preload/contract-oauth';
import type { Core } from '..';
import { clientNames } from './client-pages';
import { OAuthClients } from './clients';
import { ConsentDecisions } from './consent-decisions';
import { OAuthGrants } from './grants';
import { OAuthSettingsStore } from './settings';
import { SigningKeys } from './signing-keys';

export class OAuthStore {
  readonly clients: OAuthClients;
  readonly grants: OAuthGrants;
  readonly settings: OAuthSettingsStore;
  readonly keys: SigningKeys;
  readonly decisions: ConsentDecisions;

  constructor(readonly core: Core) {
    this.clients = new OAuthClients(core.db, core.vault, core.audit);
    this.grants = new OAuthGrants(core.db, core.audit);
    this.settings = new OAuthSettingsStore(core.db, core.vault);
    this.keys = new SigningKeys(core.db, core.vault);
    this.decisions = new ConsentDecisions(core.db, core.audit);
  }

  /** How long a retired signing key stays published: tokens it signed must still verify. */
  keyRetentionMs(): number {
    return (this.settings.get().accessTokenTtlSeconds + 300) * 1000;
  }

  view(): OAuthSettingsView {
    return {
      ...this.settings.get(),
      issuer: this.settings.issuer(),
      registrationTokenSet: this.settings.registrationToken() !== null,
      signingKeys: this.keys.list(this.keyRetentionMs()),
    };
  }

  /** Names of the given clients. */
  clientNames(ids: readonly string[]): Map<string, string> {
    return clientNames(this.core.db, ids);
  }
}

const stores = new WeakMap<Core, OAuthStore>();

/** One store per open core. */
export function oauthStoreOf(core: Core): OAuthStore {
  let s = stores.get(core);
  if (!s) {
    s = new OAuthStore(core);
    stores.set(core, s);
  }
  return s;
}
