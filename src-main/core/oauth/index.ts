// The OAuth AS's data, without the engine: clients, grants, settings and signing keys.
// The admin API and the CLI use this; `serve` adds the oidc-provider engine on top
// (./engine), so commands that only manage data never load oidc-provider.
import type { OAuthClientPage, OAuthClientSummary, OAuthCreatedClient, OAuthSettingsView } from '../../../src-shared/model/oauth';
import type { Core } from '..';
import { GatehouseError } from '../errors';
import type { StandingCounts } from './client-metadata';
import { clientNames, grantCounts, liveTokenCounts, type ClientListQuery } from './client-pages';
import { OAuthClients, type NewClientInput } from './clients';
import { ConsentDecisions } from './consent-decisions';
import { OAuthGrants } from './grants';
import { ResourceServers } from './resource-servers';
import { OAuthSettingsStore } from './settings';
import { SigningKeys } from './signing-keys';
import { StandingAccess } from './standing-access';

type ClientPatch = Parameters<OAuthClients['update']>[1] & { machineAccess?: boolean };

export class OAuthStore {
  readonly clients: OAuthClients;
  readonly grants: OAuthGrants;
  readonly standing: StandingAccess;
  readonly settings: OAuthSettingsStore;
  readonly keys: SigningKeys;
  readonly decisions: ConsentDecisions;
  readonly resourceServers: ResourceServers;

  constructor(readonly core: Core) {
    this.clients = new OAuthClients(core.sql, core.vault, core.audit);
    this.standing = new StandingAccess(core.sql, core.log);
    this.grants = new OAuthGrants(core.sql, core.audit, this.standing);
    this.settings = new OAuthSettingsStore(core.sql, core.vault);
    this.keys = new SigningKeys(core.sql, core.vault);
    this.decisions = new ConsentDecisions(core.sql, core.audit);
    this.resourceServers = new ResourceServers(core.sql, core.vault, core.audit, (name) => core.servers.has(name));
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
    return clientNames(this.core.sql, ids);
  }

  /** A page of clients, each with what it holds now: grants, live tokens, machine access. */
  listClients(q: ClientListQuery = {}): OAuthClientPage {
    return this.clients.list(q, (ids) => this.standingOf(ids));
  }

  summary(clientId: string): OAuthClientSummary {
    return this.clients.get(clientId, this.standingOf([clientId])(clientId));
  }

  /** What these clients (a page of them, or one) hold, read for them only. */
  private standingOf(clientIds: readonly string[]): (clientId: string) => StandingCounts {
    this.standing.flush();
    const grants = grantCounts(this.core.sql, clientIds);
    const tokens = liveTokenCounts(this.core.sql, clientIds);
    const machine = this.standing.machineClientsOf(clientIds);
    return (id) => ({ grants: grants.get(id) ?? 0, tokens: tokens.get(id) ?? 0, machineAccess: machine.has(id) });
  }

  /** A client created in Gatehouse with client_credentials has machine access from the start: the admin chose it. */
  async createClient(input: NewClientInput): Promise<OAuthCreatedClient> {
    const created = await this.clients.create(input);
    if (input.grants.includes('client_credentials')) this.standing.grantMachineAccess(created.client.clientId);
    return { ...created, client: this.summary(created.client.clientId) };
  }

  /** Disabling revokes everything the client holds (enabling again brings nothing back). */
  async updateClient(clientId: string, patch: ClientPatch, actor = 'admin'): Promise<OAuthClientSummary> {
    const { machineAccess, ...rest } = patch;
    if (machineAccess === true) this.checkMachineAccessAllowed(clientId, rest.disabled);
    await this.clients.update(clientId, rest);
    if (rest.disabled === true) this.grants.revokeAll(clientId, actor);
    if (machineAccess !== undefined) this.setMachineAccess(clientId, machineAccess, actor);
    return this.summary(clientId);
  }

  private setMachineAccess(clientId: string, on: boolean, actor: string): void {
    const current = this.standing.machineGrantOf(clientId);
    if (on && !current) {
      const grantId = this.standing.grantMachineAccess(clientId);
      this.core.audit.record({ action: 'oauth.machine_access.on', actor, principalType: 'oauth_client', principalId: clientId, detail: { grantId } });
    } else if (!on && current) {
      this.grants.revoke(current, actor);
    }
  }

  private checkMachineAccessAllowed(clientId: string, disabling: boolean | undefined): void {
    const c = this.clients.get(clientId);
    if (c.type === 'public') {
      throw new GatehouseError('INVALID_INPUT', `${c.name} is a public client with no secret: it cannot authenticate without a sign-in, so it cannot have machine access`);
    }
    if (!c.machineAccessRequested) {
      throw new GatehouseError(
        'INVALID_INPUT',
        `${c.name} did not register the client_credentials grant type, so it cannot get tokens without a sign-in. ` +
          'Create a client for that: gatehouse oauth clients create --name NAME --grant client_credentials',
      );
    }
    if (disabling ?? c.disabled) throw new GatehouseError('INVALID_INPUT', `${c.name} is disabled; enable it first`);
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
