// /admin/consent/<uid>: the consent step of an authorization request. It lives under
// /admin so the admin session cookie (Path=/admin, SameSite=Strict) reaches it: only
// the signed-in local admin can approve. The mount allows cross-origin arrival (the
// user comes from the client's redirect), so this handler does its own checks: Origin
// and a CSRF token bound to the admin session and the interaction on every POST.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { InteractionDetails } from 'oidc-provider';
import type { OAuthEngine } from '../core/oauth/engine';
import { ADMIN_ACCOUNT, CONSENT_PATH } from '../core/oauth/provider-config';
import { rulesReach, scopeOf } from '../core/oauth/resources';
import { grantRules } from '../core/servers/exposure';
import { BodyError, readBody } from './body';
import { consentCsp, consentPage, errorPage, messagePage } from './oauth-pages';
import { sendHtml } from './respond';
import type { RequestContext, RouteHandler } from './router';

export interface ConsentDeps {
  engine: OAuthEngine;
  adminSession(req: IncomingMessage): string | null;
}

const UID = /^[A-Za-z0-9_-]{10,64}$/;

export function createConsentHandler(deps: ConsentDeps): RouteHandler {
  const csrfKey = randomBytes(32);
  const csrfFor = (session: string, uid: string) => createHmac('sha256', csrfKey).update(`${session}|${uid}`).digest('base64url');

  return async (req, res, ctx) => {
    const nonce = randomBytes(16).toString('base64url');
    const html = (status: number, body: string, csp = consentCsp(nonce, null)) =>
      // same-origin, not no-referrer: under no-referrer Chrome sends `Origin: null` on the form POST.
      sendHtml(res, status, body, { 'Content-Security-Policy': csp, 'X-Frame-Options': 'DENY', 'Referrer-Policy': 'same-origin' });
    const fail = (status: number, description: string) => html(status, errorPage('invalid_request', description, nonce));

    const uid = ctx.url.pathname.slice(CONSENT_PATH.length);
    if (!UID.test(uid)) return fail(404, 'There is no sign-in request at this address.');
    if (req.method !== 'GET' && req.method !== 'POST') return fail(405, 'Use the buttons on the consent page.');

    const site = req.headers['sec-fetch-site'];
    if (req.method === 'GET' && (site === 'cross-site' || site === 'same-site')) {
      // Arrived from another site: the SameSite=Strict admin cookie was withheld. A click
      // on this same-origin link carries it, and shows the real page.
      return html(200, messagePage('Review this sign-in request', ['An application asks for access to your MCP servers through Gatehouse.'], nonce, { href: ctx.url.pathname, text: 'Continue to review it' }));
    }
    if (req.method === 'POST' && !sameOrigin(req, ctx)) return fail(403, 'This form was submitted from another site and was refused.');

    const provider = deps.engine.current();
    let details: InteractionDetails;
    try {
      details = await provider.interactionDetails(req, res);
    } catch {
      return fail(400, 'This sign-in request has expired or was started in another browser.');
    }
    if (details.uid !== uid) return fail(400, 'This sign-in request does not match this browser’s current one.');

    const session = deps.adminSession(req);
    if (!session) {
      return html(401, messagePage('Sign in to Gatehouse first', [
        'Only the Gatehouse admin can approve access. Open Gatehouse (the desktop app, or the sign-in link `gatehouse serve` printed), then reload this page.',
      ], nonce));
    }

    const clientId = String(details.params.client_id ?? '');
    const client = await provider.Client.find(clientId);
    if (!client) return fail(400, 'The application is no longer registered with Gatehouse.');
    const resources = toList(details.params.resource);
    const servers = resources.map((r) => deps.engine.resources.serverOf(r));
    if (resources.length === 0 || servers.some((s) => s === null)) return fail(400, 'The request names an MCP server Gatehouse does not know.');
    const scopes = String(details.params.scope ?? '').split(' ').filter(Boolean);
    const store = deps.engine.store;

    if (req.method === 'GET') {
      const redirectUri = URL.parse(String(details.params.redirect_uri ?? ''));
      const md = client.metadata();
      const uris = (md.redirect_uris as string[] | undefined) ?? [];
      const view = {
        clientName: (md.client_name as string | undefined) ?? clientId,
        clientId,
        logoUri: typeof md.logo_uri === 'string' && md.logo_uri.startsWith('https://') ? md.logo_uri : null,
        redirectHost: redirectUri?.host ?? '',
        localhostOnlyCimd: client.clientIdMetadataDocument === true && uris.every(isLocal),
        cimdHost: client.clientIdMetadataDocument ? (URL.parse(clientId)?.host ?? null) : null,
        servers: servers as string[],
        scopes,
        resources,
        action: ctx.url.pathname,
        csrf: csrfFor(session, uid),
      };
      return html(200, consentPage(view, nonce), consentCsp(nonce, redirectUri?.origin ?? null));
    }

    let form: URLSearchParams;
    try {
      form = new URLSearchParams(await readBody(req, 4096));
    } catch (e) {
      if (e instanceof BodyError) return fail(e.status, e.message);
      throw e;
    }
    const expected = Buffer.from(csrfFor(session, uid));
    const given = Buffer.from(form.get('csrf') ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return fail(403, 'The form expired or did not come from this page. Reload the page and answer again.');
    }
    const audit = (decision: string) =>
      store.core.audit.record({ action: 'oauth.consent', actor: 'admin-web', principalType: 'oauth_client', principalId: clientId, decision, detail: { servers } });

    if (form.get('decision') !== 'allow') {
      audit('denied');
      return provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'the Gatehouse admin denied the request' }, { mergeWithLastSubmission: false });
    }
    if (!store.clients.meta(clientId)) store.clients.remember(clientId, 'dcr', client.metadata());
    const remembered = store.grants.rememberedGrant(clientId);
    let grant = remembered ? await provider.Grant.find(remembered) : undefined;
    if (!grant || grant.clientId !== clientId || grant.accountId !== ADMIN_ACCOUNT) grant = new provider.Grant({ accountId: ADMIN_ACCOUNT, clientId });
    resources.forEach((r, i) => grant.addResourceScope(r, scopeOf(servers[i]!)));
    for (const s of ['openid', 'offline_access']) if (scopes.includes(s)) grant.addOIDCScope(s);
    const grantId = await grant.save();
    store.grants.remember(clientId, grantId);
    store.clients.grantServers(clientId, servers as string[], rulesReach, (server) => {
      const exposure = store.core.exposure.get(server);
      return exposure ? grantRules(exposure) : [{ effect: 'allow', pattern: `${server}:*` }];
    });
    audit('allowed');
    await provider.interactionFinished(req, res, { login: { accountId: ADMIN_ACCOUNT }, consent: { grantId } }, { mergeWithLastSubmission: false });
  };
}

function sameOrigin(req: IncomingMessage, ctx: RequestContext): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return false;
  const origin = req.headersDistinct.origin;
  return origin?.length === 1 && origin[0]!.toLowerCase() === ctx.origin;
}

function toList(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : [];
}

function isLocal(uri: string): boolean {
  const host = URL.parse(uri)?.hostname ?? '';
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

export type { ServerResponse };
