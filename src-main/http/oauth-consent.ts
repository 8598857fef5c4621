// /admin/consent/<uid>: the consent step of an authorization request. It lives under
// /admin so the admin session cookie (Path=/admin, SameSite=Strict) reaches it: only
// the signed-in local admin can approve. The mount allows cross-origin arrival (the
// user comes from the client's redirect), so this handler does its own checks: Origin
// and a CSRF token bound to the admin session and the interaction on every POST.
// A browser without the admin session (the system browser, next to the desktop app)
// gets a page that waits for the admin's answer in the Gatehouse window or the CLI;
// that answer finishes only this uid's interaction, in the browser holding its cookie.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { InteractionDetails } from 'oidc-provider';
import type { OAuthEngine } from '../core/oauth/engine';
import { CONSENT_PATH } from '../core/oauth/provider-config';
import { BodyError, readBody } from './body';
import { finishConsent, readConsentRequest, type ConsentRequest } from './oauth-consent-finish';
import { consentCsp, consentPage, errorPage, messagePage, waitingPage, type ConsentView } from './oauth-pages';
import { sendHtml, sendJson } from './respond';
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

    const store = deps.engine.store;
    // The waiting page's poll: only for the browser holding this interaction's cookie.
    if (req.method === 'GET' && ctx.url.searchParams.has('poll')) return sendJson(res, 200, { answered: store.decisions.has(uid) });

    const session = deps.adminSession(req);
    const request = await readConsentRequest(deps.engine, provider, details);
    if (typeof request === 'string') return fail(400, request);

    if (req.method === 'GET') {
      // An answer given in the window or the CLI: taken once, it finishes this uid's interaction only.
      const answer = store.decisions.take(uid, request.clientId);
      if (answer) return finishConsent(deps.engine, req, res, request, answer.decision, null);
      const redirectUri = URL.parse(String(details.params.redirect_uri ?? ''));
      if (!session) {
        const waiting = { clientName: clientName(request), redirectHost: redirectUri?.host ?? '', servers: request.servers, uid, action: ctx.url.pathname };
        return html(200, waitingPage(waiting, nonce), consentCsp(nonce, null, true));
      }
      const md = request.client.metadata();
      const uris = (md.redirect_uris as string[] | undefined) ?? [];
      const view = {
        clientName: clientName(request),
        clientId: request.clientId,
        redirectHost: redirectUri?.host ?? '',
        ...standingOf(deps.engine, request),
        localhostOnlyCimd: request.client.clientIdMetadataDocument === true && uris.every(isLocal),
        cimdHost: request.client.clientIdMetadataDocument ? (URL.parse(request.clientId)?.host ?? null) : null,
        servers: request.servers,
        scopes: request.scopes,
        resources: request.resources,
        action: ctx.url.pathname,
        csrf: csrfFor(session, uid),
      };
      return html(200, consentPage(view, nonce), consentCsp(nonce, redirectUri?.origin ?? null));
    }

    if (!session) {
      return html(401, messagePage('Answer in the Gatehouse window', [
        'This browser is not signed in to Gatehouse as the admin, so it cannot answer here. Click Allow or Deny in the Gatehouse window (OAuth → Pending consent requests).',
      ], nonce, { href: ctx.url.pathname, text: 'Wait for the answer here' }));
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
    // The answer on the page wins over one given in the window meanwhile.
    store.decisions.take(uid, request.clientId);
    await finishConsent(deps.engine, req, res, request, form.get('decision') === 'allow' ? 'allow' : 'deny', 'admin-web');
  };
}

/** What the client would hold beyond this sign-in. */
function standingOf(engine: OAuthEngine, r: ConsentRequest): Pick<ConsentView, 'machineAccess' | 'refreshDays'> {
  const store = engine.store;
  const types = r.client.metadata().grant_types;
  const has = (t: string) => Array.isArray(types) && types.includes(t);
  const machineAccess = store.standing.machineGrantOf(r.clientId) ? 'on' : has('client_credentials') ? 'requested' : 'none';
  const refreshDays = has('refresh_token') ? Math.max(1, Math.round(store.settings.get().refreshTokenTtlSeconds / 86400)) : null;
  return { machineAccess, refreshDays };
}

function clientName(r: ConsentRequest): string {
  return (r.client.metadata().client_name as string | undefined) ?? r.clientId;
}

function sameOrigin(req: IncomingMessage, ctx: RequestContext): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return false;
  const origin = req.headersDistinct.origin;
  return origin?.length === 1 && origin[0]!.toLowerCase() === ctx.origin;
}

function isLocal(uri: string): boolean {
  const host = URL.parse(uri)?.hostname ?? '';
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

export type { ServerResponse };
