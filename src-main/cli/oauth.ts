import type { RateLimit } from '../../src-preload/contract';
import type { OAuthClientSummary } from '../../src-preload/contract-oauth';
import { allPages, call, CliFailure, printJson, printList, when, withCore, type CommonOptions } from './context';
import { resolveOAuthClientId } from './resolve';

export interface CreateClientOptions extends CommonOptions {
  name: string;
  redirectUri?: string[];
  grant?: string[];
  scope?: string[];
  public?: boolean;
  rate?: RateLimit;
}

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
  const clients = await withCore(opts, (_c, api) => allPages(api, 'oauth.clients.list', {}, (p) => p.clients));
  printList(opts, clients, {
    none: 'No OAuth clients yet. Create one: gatehouse oauth clients create --name NAME --redirect-uri URI',
    headers: ['CLIENT ID', 'NAME', 'TYPE', 'VIA', 'REDIRECT HOSTS', 'GRANTS', 'TOKENS', 'MACHINE', 'STATUS', 'LAST USED'],
    cells: (c) => [
      c.clientId,
      c.name,
      c.type,
      c.method,
      c.redirectHosts.join(',') || '-',
      String(c.activeGrants),
      String(c.liveTokens),
      c.machineAccess ? 'on' : 'off',
      status(c),
      when(c.lastUsedAt),
    ],
  });
}

export async function showClient(given: string, opts: CommonOptions): Promise<void> {
  const c = await withCore(opts, async (_c, api) => call(api, 'oauth.clients.get', { clientId: await resolveOAuthClientId(api, given) }));
  if (opts.json) return printJson(c);
  process.stdout.write(
    [
      `${c.name} (${c.clientId})`,
      `  type:          ${c.type}, registered ${c.method === 'manual' ? 'in Gatehouse' : `by ${c.method.toUpperCase()}`}`,
      `  status:        ${status(c)}`,
      `  redirect URIs: ${c.redirectUris.join(' ') || '-'}`,
      `  grant types:   ${c.grantTypes.join(', ')}`,
      `  machine access without sign-in: ${c.machineAccess ? 'on' : c.machineAccessRequested ? 'off (requested; turn on with --machine-access on)' : 'off'}`,
      `  live tokens:   ${c.liveTokens}`,
      `  rules:         ${c.rules.map((r) => `${r.effect} ${r.pattern}`).join(', ') || 'none (no server yet)'}`,
      `  rate limit:    ${c.rateLimit ? `${c.rateLimit.limit} per ${c.rateLimit.window} (its own)` : 'the default'}`,
      `  created:       ${when(c.createdAt)}`,
      `  last used:     ${when(c.lastUsedAt)}`,
      `  grants:        ${c.grants.map((g) => `${g.grantId} (${g.kind === 'machine' ? 'machine access' : g.resources.map((r) => r.server ?? r.resource).join(', ')})`).join('; ') || 'none'}`,
    ].join('\n') + '\n',
  );
}

export async function revokeClient(given: string, opts: CommonOptions): Promise<void> {
  const c = await withCore(opts, async (_c, api) => call(api, 'oauth.clients.revoke', { clientId: await resolveOAuthClientId(api, given) }));
  if (opts.json) return printJson(c);
  process.stdout.write(`Revoked ${c.name} (${c.clientId}): disabled, and every grant and token it held is gone.\n`);
}

export async function updateClient(given: string, opts: CommonOptions & { machineAccess?: boolean; disable?: boolean; enable?: boolean }): Promise<void> {
  if (opts.disable && opts.enable) throw new CliFailure('give --disable or --enable, not both', 2, 'INVALID_INPUT');
  const disabled = opts.disable ? true : opts.enable ? false : undefined;
  if (disabled === undefined && opts.machineAccess === undefined) {
    throw new CliFailure('nothing to change: give --machine-access on|off, --disable or --enable', 2, 'INVALID_INPUT');
  }
  const c = await withCore(opts, async (_c, api) =>
    call(api, 'oauth.clients.update', { clientId: await resolveOAuthClientId(api, given), machineAccess: opts.machineAccess, disabled }),
  );
  if (opts.json) return printJson(c);
  process.stdout.write(`${c.name} (${c.clientId}): ${status(c)}; machine access without sign-in: ${c.machineAccess ? 'on' : 'off'}\n`);
}

export async function listGrants(opts: CommonOptions & { client?: string }): Promise<void> {
  const grants = await withCore(opts, async (_c, api) => {
    const clientId = opts.client === undefined ? undefined : await resolveOAuthClientId(api, opts.client);
    return allPages(api, 'oauth.grants.list', { clientId }, (p) => p.grants);
  });
  printList(opts, grants, {
    none: 'No live grants.',
    headers: ['GRANT ID', 'CLIENT', 'KIND', 'SERVERS', 'ACCESS TOKENS', 'REFRESH TOKENS', 'SINCE'],
    cells: (g) => [
      g.grantId,
      g.clientName ?? g.clientId,
      g.kind,
      g.kind === 'machine' ? '(its rules)' : g.resources.map((r) => r.server ?? r.resource).join(',') || '-',
      String(g.accessTokens),
      String(g.refreshTokens),
      when(g.createdAt),
    ],
  });
}

export async function revokeGrant(id: string, opts: CommonOptions): Promise<void> {
  const r = await withCore(opts, (_c, api) => call(api, 'oauth.grants.revoke', { grantId: id }));
  if (opts.json) return printJson(r);
  process.stdout.write(`Revoked grant ${id}: ${r.tokens} live token(s) ended.\n`);
}

export async function revokeAllGrants(given: string, opts: CommonOptions): Promise<void> {
  const r = await withCore(opts, async (_c, api) => call(api, 'oauth.grants.revokeAll', { clientId: await resolveOAuthClientId(api, given) }));
  if (opts.json) return printJson(r);
  process.stdout.write(`Revoked ${r.revoked} grant(s) of ${given}, machine access included: ${r.tokens} live token(s) ended.\n`);
}

function status(c: OAuthClientSummary): string {
  return c.disabled ? 'disabled' : 'active';
}
