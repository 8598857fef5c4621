import type { OAuthResourceServerCreated } from '../../src-preload/contract';
import { oauthStoreOf } from '../core/oauth';
import { call, printJson, printList, withCore, type CommonOptions } from './context';

export interface AddResourceOptions extends CommonOptions {
  name: string;
}

/** Where the server finds Gatehouse: the issuer of the last `serve` or app start, if any. */
function issuerOf(opts: CommonOptions): Promise<string | null> {
  return withCore(opts, (core) => oauthStoreOf(core).settings.issuer());
}

export async function addResource(url: string, opts: AddResourceOptions): Promise<void> {
  const created = await withCore(opts, (_c, api) => call(api, 'oauth.resourceServers.add', { url, name: opts.name }));
  await printCreated(created, opts, `Registered ${created.resourceServer.name}`);
}

export async function rotateResourceSecret(name: string, opts: CommonOptions): Promise<void> {
  const created = await withCore(opts, (_c, api) => call(api, 'oauth.resourceServers.rotateSecret', { name }));
  await printCreated(created, opts, `New introspection secret for ${name}; the old one no longer works`);
}

async function printCreated(created: OAuthResourceServerCreated, opts: CommonOptions, title: string): Promise<void> {
  const rs = created.resourceServer;
  const issuer = await issuerOf(opts);
  const introspection = issuer ? `${issuer.replace(/\/+$/, '')}/oauth/introspect` : null;
  if (opts.json) return printJson({ ...rs, client_secret: created.clientSecret, issuer, introspection_endpoint: introspection });
  process.stdout.write(
    [
      `${title}`,
      '',
      `  resource (aud):  ${rs.url}`,
      `  scope:           ${rs.scope}`,
      `  issuer:          ${issuer ?? '(start gatehouse serve or the app once to set it)'}`,
      `  introspection:   ${introspection ?? '<issuer>/oauth/introspect'}`,
      `  client_id:       ${rs.clientId}`,
      `  client_secret:   ${created.clientSecret}`,
      '',
      'Copy the secret now: Gatehouse will not print it again. The server introspects tokens with',
      'this id and secret (HTTP Basic); MCP clients sign in through Gatehouse for the resource above.',
      '',
    ].join('\n'),
  );
}

export async function listResources(opts: CommonOptions): Promise<void> {
  const list = await withCore(opts, (_c, api) => call(api, 'oauth.resourceServers.list', {}));
  printList(opts, list, {
    none: 'No resource servers yet. Register one: gatehouse oauth resources add URL --name NAME',
    headers: ['NAME', 'URL', 'SCOPE', 'CLIENT ID'],
    cells: (r) => [r.name, r.url, r.scope, r.clientId],
  });
}

export async function removeResource(name: string, opts: CommonOptions): Promise<void> {
  const r = await withCore(opts, (_c, api) => call(api, 'oauth.resourceServers.remove', { name }));
  if (opts.json) return printJson(r);
  process.stdout.write(`Removed ${name}: no more tokens are issued for it, and its introspection credentials no longer work.\n`);
}
