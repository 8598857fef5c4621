import type { RateLimit } from '../../src-preload/contract';
import type { OAuthClientSummary } from '../../src-preload/contract-oauth';
import { allPages, call, CliFailure, printJson, table, withCore, type CommonOptions } from './context';

export interface CreateClientOptions extends CommonOptions {
  name: string;
  redirectUri?: string[];
  grant?: string[];
  scope?: string[];
  public?: boolean;
  rate?: RateLimit;
}

const when = (iso: string | null) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '-');

export async function createClient(opts: CreateClientOptions): Promise<void> {
  const grants = opts.grant ?? ['authorization_code'];
  const bad = grants.find((g) => g !== 'authorization_code' && g !== 'client_credentials');
  if (bad) throw new CliFailure(`--grant is authorization_code or client_credentials, not ${bad}`, 2, 'INVALID_INPUT');
  const created = await withCore(opts, (_c, api) =>
    call(api, 'oauth.clients.create', {
      name: opts.name,
      redirectUris: opts.redirectUri ?? [],
      grants,
      scopes: opts.scope ?? [],
      public: Boolean(opts.public),
      rateLimit: opts.rate ?? null,
    }),
  );
  const c = created.client;
  if (opts.json) {
    return printJson({
      client_id: c.clientId,
      ...(created.clientSecret ? { client_secret: created.clientSecret } : {}),
      name: c.name,
      type: c.type,
      redirect_uris: c.redirectUris,
      grant_types: c.grantTypes,
      rules: c.rules,
      rate_limit: c.rateLimit,
    });
  }
  process.stdout.write(`Created ${c.name} (${c.type})\n\n  client_id:     ${c.clientId}\n`);
  if (created.clientSecret) {
    process.stdout.write(`  client_secret: ${created.clientSecret}\n\nCopy the secret now: Gatehouse will not print it again.\n`);
  }
}

export async function listClients(opts: CommonOptions): Promise<void> {
  const clients = await withCore(opts, (_c, api) =>
    allPages(async (cursor) => {
      const p = await call(api, 'oauth.clients.list', { limit: 500, ...(cursor ? { cursor } : {}) });
      return { rows: p.clients, nextCursor: p.nextCursor };
    }),
  );
  if (opts.json) return printJson(clients);
  if (clients.length === 0) {
    process.stdout.write('No OAuth clients yet. Create one: gatehouse oauth clients create --name NAME --redirect-uri URI\n');
    return;
  }
  process.stdout.write(
    table(
      ['CLIENT ID', 'NAME', 'TYPE', 'VIA', 'REDIRECT HOSTS', 'GRANTS', 'STATUS', 'LAST USED'],
      clients.map((c) => [c.clientId, c.name, c.type, c.method, c.redirectHosts.join(',') || '-', String(c.activeGrants), status(c), when(c.lastUsedAt)]),
    ),
  );
}

export async function showClient(id: string, opts: CommonOptions): Promise<void> {
  const c = await withCore(opts, (_c, api) => call(api, 'oauth.clients.get', { clientId: id }));
  if (opts.json) return printJson(c);
  process.stdout.write(
    [
      `${c.name} (${c.clientId})`,
      `  type:          ${c.type}, registered ${c.method === 'manual' ? 'in Gatehouse' : `by ${c.method.toUpperCase()}`}`,
      `  status:        ${status(c)}`,
      `  redirect URIs: ${c.redirectUris.join(' ') || '-'}`,
      `  grant types:   ${c.grantTypes.join(', ')}`,
      `  rules:         ${c.rules.map((r) => `${r.effect} ${r.pattern}`).join(', ') || 'none (no server yet)'}`,
      `  rate limit:    ${c.rateLimit ? `${c.rateLimit.limit} per ${c.rateLimit.window} (its own)` : 'the default'}`,
      `  created:       ${when(c.createdAt)}`,
      `  last used:     ${when(c.lastUsedAt)}`,
      `  grants:        ${c.grants.map((g) => `${g.grantId} (${g.resources.map((r) => r.server ?? r.resource).join(', ')})`).join('; ') || 'none'}`,
    ].join('\n') + '\n',
  );
}

export async function revokeClient(id: string, opts: CommonOptions): Promise<void> {
  const c = await withCore(opts, (_c, api) => call(api, 'oauth.clients.revoke', { clientId: id }));
  if (opts.json) return printJson(c);
  process.stdout.write(`Revoked ${c.name} (${c.clientId}): disabled, and every grant and token it held is gone.\n`);
}

function status(c: OAuthClientSummary): string {
  return c.disabled ? 'disabled' : 'active';
}
