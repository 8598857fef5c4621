// Gateway panel on the Servers screen against a real `gatehouse serve`: the
// "Expose over HTTP" switch turns on the server's /mcp/<name> endpoint (its URL shown,
// its RFC 9728 metadata answering 200 with that resource, 404 before and after); the
// tools, resources and prompts an approved OAuth client gets and "accept Gatehouse API keys" are saved;
// an MCP client connected with an API key shows under "Connected now" (polled) and is ended on click; an
// http server shows its upstream auth (static headers from the vault). Axe on every
// view, screenshots light and dark.
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, describe, expect, it } from 'vitest';
import { createKey, ROOT, useAdmin, visible } from './admin-harness';

const ECHO = join(ROOT, 'test/fixtures/servers/echo.mjs');

interface Exposure {
  server: string;
  exposed: boolean;
  allowTools: string[];
  denyTools: string[];
  acceptApiKeys: boolean;
}

let issuer: string;
let mcp: Client | null = null;
const admin = useAdmin('gateway', {
  setup: () => {
    issuer = admin.ready.issuer.replace(/\/$/, '');
    admin.cli(['servers', 'add', 'everything', '--command', process.execPath, '--arg', ECHO]);
    admin.cli(['servers', 'add', 'remote', '--url', 'http://127.0.0.1:9/mcp', '--header', 'Authorization: Bearer upstream-secret-123']);
  },
});

function row(name: string) {
  return admin.page.getByRole('listitem', { name, exact: true });
}

async function exposureOf(name: string): Promise<Exposure | undefined> {
  return (await admin.api<Exposure[]>('servers.exposures')).find((e) => e.server === name);
}

describe('Gateway: Expose over HTTP', () => {
  afterAll(async () => {
    await mcp?.close().catch(() => undefined);
  });

  it('exposes a server through the switch and shows its URL; the metadata answers', async () => {
    const metadataUrl = `${issuer}/.well-known/oauth-protected-resource/mcp/everything`;
    expect((await fetch(metadataUrl)).status).toBe(404);

    await admin.open('/servers', 'Servers');
    const page = admin.page;
    const r = row('everything');
    const toggle = r.getByRole('switch', { name: 'Expose everything over HTTP' });
    expect(await toggle.getAttribute('aria-checked')).toBe('false');
    await visible(r.getByText('Off: only local apps reach it, through the guard.'));
    await admin.expectAccessible('servers with gateway switch');
    await admin.shot('gateway-off.png');

    await toggle.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('true');
    await visible(r.getByTestId('gateway-url-everything').getByText(`${issuer}/mcp/everything`));
    await visible(r.getByRole('button', { name: 'Copy gateway URL of everything' }));
    expect((await exposureOf('everything'))?.exposed).toBe(true);

    const res = await fetch(metadataUrl);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { resource: string; authorization_servers: string[]; scopes_supported: string[] };
    expect(body.resource).toBe(`${issuer}/mcp/everything`);
    expect(body.authorization_servers).toContain(issuer);
    expect(body.scopes_supported).toEqual(['mcp:everything']);
  });

  it('saves the tool globs and API-key acceptance, and shows the upstream auth', async () => {
    const page = admin.page;
    const r = row('everything');
    await r.getByRole('button', { name: 'Show HTTP settings of everything' }).click();
    await visible(r.getByText(`${issuer}/.well-known/oauth-protected-resource/mcp/everything`));
    await visible(r.getByText('A local process Gatehouse starts on demand: no credentials needed.'));
    await visible(r.getByText('No client is connected. This list refreshes every 5 seconds.'));

    // An exposed server gives an approved client all of it until narrowed: tools, resources, prompts.
    expect((await exposureOf('everything'))?.allowTools).toEqual(['*', 'resource:*', 'prompt:*']);
    await r.getByLabel('Tools to deny').fill('pid env');
    await r.getByLabel('Resources to deny').fill('demo://resource/static/document/structure.md');
    await r.getByLabel('Prompts to allow').fill('simple-prompt args-prompt');
    await r.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(async () => (await exposureOf('everything'))?.denyTools).toEqual(['pid', 'env', 'resource:demo://resource/static/document/structure.md']);
    expect((await exposureOf('everything'))?.allowTools).toEqual(['*', 'resource:*', 'prompt:simple-prompt', 'prompt:args-prompt']);

    // A server: prefix is refused where it was typed.
    await r.getByLabel('Tools to allow').fill('everything:echo');
    await r.getByRole('button', { name: 'Save', exact: true }).click();
    await visible(r.getByText(/no “everything:” prefix/));
    await r.getByLabel('Tools to allow').fill('*');

    await r.getByRole('switch', { name: 'Accept Gatehouse API keys for everything' }).click();
    await expect.poll(async () => (await exposureOf('everything'))?.acceptApiKeys).toBe(true);

    const remote = row('remote');
    await remote.getByRole('button', { name: 'Show HTTP settings of remote' }).click();
    await visible(remote.getByText('Static headers from the vault:'));
    await visible(remote.getByText('(Authorization)'));
    await visible(remote.getByText('OAuth to the upstream: not configured'));
    expect(await page.content()).not.toContain('upstream-secret-123');
    await remote.getByRole('button', { name: 'Hide HTTP settings of remote' }).click();
  });

  it('lists a client connected now, polled every 5 s', async () => {
    const key = createKey(admin, 'e2e gateway key', 'everything:*').key;
    mcp = new Client({ name: 'gateway-e2e', version: '1.0.0' });
    await mcp.connect(
      new StreamableHTTPClientTransport(new URL(`${issuer}/mcp/everything`), { requestInit: { headers: { Authorization: `Bearer ${key}` } } }),
    );
    const tools = await mcp.listTools();
    // pid and env were denied for OAuth clients, but an API key has its own rules.
    expect(tools.tools.map((t) => t.name)).toContain('echo');

    const r = row('everything');
    const connected = r.getByRole('list', { name: 'Clients connected to everything' });
    await connected.waitFor({ timeout: 12_000 });
    await visible(connected.getByText('e2e gateway key'));
    await visible(connected.getByText('API key'));
    await visible(r.getByText('1 connected'));
    await r.scrollIntoViewIfNeeded();
    await admin.expectAccessible('gateway settings');
    await admin.shot('gateway-exposed.png');

    // The Servers screen lists every live session per key or app, against the caps.
    const all = admin.page.getByRole('list', { name: 'Gateway sessions by key or app' });
    await visible(all.getByText('e2e gateway key'));
    await visible(all.getByText('· 1 of 5 sessions'));
    await all.scrollIntoViewIfNeeded();
    await admin.shot('gateway-sessions.png');
  });

  it('ends a session on click: its client is cut off and the list empties', async () => {
    const r = row('everything');
    const end = r.getByRole('list', { name: 'Clients connected to everything' }).getByRole('button', { name: /^End the session of e2e gateway key on everything/ });
    await end.focus();
    await admin.page.keyboard.press('Enter');
    await visible(r.getByText('No client is connected. This list refreshes every 5 seconds.'));
    await expect(mcp!.listTools()).rejects.toThrow(/404|Session not found/);
    const ended = await admin.api<{ events: { action: string; actor: string }[] }>('audit.query', { limit: 20 });
    expect(ended.events.find((e) => e.action === 'gateway.session.end')).toMatchObject({ actor: 'admin-web' });
  });

  it("an OAuth app's calls are in the Audit screen under its name, and it is one of the principals to filter by", async () => {
    const app = admin.cli<{ client_id: string; client_secret: string }>([
      'oauth', 'clients', 'create', '--name', 'CI bot', '--grant', 'client_credentials', '--scope', 'mcp:everything',
    ]);
    const res = await fetch(`${issuer}/oauth/token`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(`${app.client_id}:${app.client_secret}`).toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', resource: `${issuer}/mcp/everything`, scope: 'mcp:everything' }),
    });
    const token = ((await res.json()) as { access_token: string }).access_token;
    const bot = new Client({ name: 'ci-bot', version: '1.0.0' });
    await bot.connect(new StreamableHTTPClientTransport(new URL(`${issuer}/mcp/everything`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
    try {
      await bot.callTool({ name: 'echo', arguments: { message: 'from the bot' } });
    } finally {
      await bot.close();
    }

    // In a second tab: the Servers screen stays as the next test expects it.
    const tab = await admin.context.newPage();
    try {
      await tab.goto(new URL('/admin/#/audit', issuer).href);
      await tab.getByRole('heading', { name: 'Audit', level: 1 }).waitFor();
      // The principal filter searches keys and apps by name on the server.
      await tab.getByRole('combobox', { name: 'Principal' }).fill('CI b');
      await tab.getByRole('option', { name: /CI bot.*OAuth app/ }).click();
      await expect.poll(() => tab.url()).toContain(`principal=${encodeURIComponent(app.client_id)}`);
      const table = tab.getByRole('table', { name: /Audit events/ });
      await visible(table.getByRole('row').filter({ hasText: 'echo' }).filter({ hasText: 'CI bot' }).first());
      expect(await table.getByText(app.client_id).count()).toBe(0);
    } finally {
      await tab.close();
    }
  });

  it('follows a dark OS theme, then stops exposing the server', async () => {
    const page = admin.page;
    await page.emulateMedia({ colorScheme: 'dark' });
    // expectAccessible waits for the colour transitions to end before axe measures contrast.
    await admin.expectAccessible('gateway (dark)');
    await admin.shot('gateway-exposed-dark.png');
    await page.emulateMedia({ colorScheme: 'light' });

    await mcp?.close().catch(() => undefined);
    mcp = null;
    await row('everything').getByRole('switch', { name: 'Expose everything over HTTP' }).click();
    await expect.poll(async () => (await exposureOf('everything'))?.exposed).toBe(false);
    await visible(row('everything').getByText('Nobody: the server is not exposed.'));
    expect((await fetch(`${issuer}/.well-known/oauth-protected-resource/mcp/everything`)).status).toBe(404);
  });
});
