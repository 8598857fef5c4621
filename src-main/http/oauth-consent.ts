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
  /** Where the admin answers a waiting sign-in: the app's window, or serve's admin page. */
  face: 'desktop' | 'serve';
}

const UID = /^[A-Za-z0-9_-]{10,64}$/;

/** One request to the consent page: what every step below needs. */
interface Turn {
  req: IncomingMessage;
  res: ServerResponse;
  ctx: RequestContext;
  uid: string;
  nonce: string;
  /** The admin session of this browser, or null (the system browser beside the app). */
  session: string | null;
  html(status: number, body: string, csp?: string): void;
  fail(status: number, description: string): void;
}

/**
 * The consent page as named steps, the way oidc-provider composes its actions: check the
 * request's shape and origin, load the interaction, then answer a poll, show the page
 * (GET) or take the admin's answer (POST).
 */
export function createConsentHandler(deps: ConsentDeps): RouteHandler {
  const csrfKey = randomBytes(32);
  const csrfFor = (session: string, uid: string) => createHmac('sha256', csrfKey).update(`${session}|${uid}`).digest('base64url');

  return async (req, res, ctx) => {
    const t = newTurn(req, res, ctx, deps);
    if (!admitted(t)) return;
    const provider = deps.engine.current();
    const details = await interactionOf(t, provider);
    if (!details) return;
    // The pages' poll: only for the browser holding this interaction's cookie. Each
    // ask (and each view of the page, below) says the tab is open: the request stays listed.
    if (req.method === 'GET' && ctx.url.searchParams.has('poll')) return poll(deps.engine.store, t.uid, t.session, res);
    const request = await readConsentRequest(deps.engine, provider, details);
    if (typeof request === 'string') return t.fail(400, request);
    if (req.method === 'GET') return showPage(t, deps, details, request, csrfFor);
    return takeAnswer(t, deps, request, csrfFor);
  };
}

function newTurn(req: IncomingMessage, res: ServerResponse, ctx: RequestContext, deps: ConsentDeps): Turn {
  const nonce = randomBytes(16).toString('base64url');
  const html = (status: number, body: string, csp = consentCsp(nonce, null)) =>
    // same-origin, not no-referrer: under no-referrer Chrome sends `Origin: null` on the form POST.
    sendHtml(res, status, body, { 'Content-Security-Policy': csp, 'X-Frame-Options': 'DENY', 'Referrer-Policy': 'same-origin' });
  return {
    req,
    res,
    ctx,
    uid: ctx.url.pathname.slice(CONSENT_PATH.length),
    nonce,
    session: deps.adminSession(req),
    html,
    fail: (status, description) => html(status, errorPage('invalid_request', description, nonce)),
  };
}

/** The shape, method and origin of the request; answers and returns false when refused. */
function admitted(t: Turn): boolean {
  const { req } = t;
  const refuse = (status: number, description: string) => {
    t.fail(status, description);
    return false;
  };
  if (!UID.test(t.uid)) return refuse(404, 'There is no sign-in request at this address.');
  if (req.method !== 'GET' && req.method !== 'POST') return refuse(405, 'Use the buttons on the consent page.');
  const site = req.headers['sec-fetch-site'];
  if (req.method === 'GET' && (site === 'cross-site' || site === 'same-site')) {
    // Arrived from another site: the SameSite=Strict admin cookie was withheld. A click
    // on this same-origin link carries it, and shows the real page.
    const lines = ['An application asks for access to your MCP servers through Gatehouse.'];
    t.html(200, messagePage('Review this sign-in request', lines, t.nonce, { href: t.ctx.url.pathname, text: 'Continue to review it' }));
    return false;
  }
  if (req.method === 'POST' && !sameOrigin(req, t.ctx)) return refuse(403, 'This form was submitted from another site and was refused.');
  return true;
}

/** This browser's interaction, which must be the one at this address; null when answered. */
async function interactionOf(t: Turn, provider: ReturnType<OAuthEngine['current']>): Promise<InteractionDetails | null> {
  let details: InteractionDetails;
  try {
    details = await provider.interactionDetails(t.req, t.res);
  } catch {
    t.fail(400, 'This sign-in request has expired or was started in another browser.');
    return null;
  }
  if (details.uid === t.uid) return details;
  t.fail(400, 'This sign-in request does not match this browser’s current one.');
  return null;
}

type CsrfFor = (session: string, uid: string) => string;

/** GET: an answer given elsewhere finishes it; else the consent page, or the waiting page without the admin session. */
function showPage(t: Turn, deps: ConsentDeps, details: InteractionDetails, request: ConsentRequest, csrfFor: CsrfFor): Promise<void> | void {
  const store = deps.engine.store;
  store.decisions.seen(t.uid);
  // An answer given in the window or the CLI: taken once, it finishes this uid's interaction only.
  const answer = store.decisions.take(t.uid, request.clientId);
  if (answer) return finishConsent(deps.engine, t.req, t.res, request, answer.decision, null);
  const redirectUri = URL.parse(String(details.params.redirect_uri ?? ''));
  const redirectHost = redirectUri?.host ?? '';
  if (!t.session) {
    const waiting = { face: deps.face, clientName: clientName(request), redirectHost, servers: request.servers, uid: t.uid, action: t.ctx.url.pathname };
    return t.html(200, waitingPage(waiting, t.nonce), consentCsp(t.nonce, null, true));
  }
  const view: ConsentView = { ...describe(deps.engine, request), redirectHost, action: t.ctx.url.pathname, csrf: csrfFor(t.session, t.uid) };
  return t.html(200, consentPage(view, t.nonce), consentCsp(t.nonce, redirectUri?.origin ?? null, true));
}

/** What the consent page says of the client and what it asks for. */
function describe(engine: OAuthEngine, request: ConsentRequest): Omit<ConsentView, 'redirectHost' | 'action' | 'csrf'> {
  const uris = (request.client.metadata().redirect_uris as string[] | undefined) ?? [];
  const cimd = request.client.clientIdMetadataDocument === true;
  return {
    clientName: clientName(request),
    clientId: request.clientId,
    ...standingOf(engine, request),
    localhostOnlyCimd: cimd && uris.every(isLocal),
    cimdHost: cimd ? (URL.parse(request.clientId)?.host ?? null) : null,
    servers: request.servers,
    scopes: request.scopes,
    resources: request.resources,
  };
}

/** What a browser that is not signed in as the admin is told, by where the admin answers. */
function unsignedAnswer(face: ConsentDeps['face']): [string, string[]] {
  const head = 'This browser is not signed in to Gatehouse as the admin, so it cannot answer here.';
  if (face === 'desktop') return ['Answer in the Gatehouse window', [`${head} Click Allow or Deny in the Gatehouse window (OAuth → Pending consent requests).`]];
  return [
    'Answer on the Gatehouse admin page',
    [
      `${head} Click Allow or Deny on the Gatehouse admin page (/admin/, OAuth → Pending consent), or run \`gatehouse admin-link\` in a terminal and open the link it prints in this browser to answer here.`,
      'Or answer in a terminal: gatehouse oauth consents approve|deny with the request id shown on the waiting page.',
    ],
  ];
}

/** POST: the admin's Allow or Deny, with a CSRF token bound to the session and this interaction. */
async function takeAnswer(t: Turn, deps: ConsentDeps, request: ConsentRequest, csrfFor: CsrfFor): Promise<void> {
  if (!t.session) {
    const [title, lines] = unsignedAnswer(deps.face);
    return t.html(401, messagePage(title, lines, t.nonce, { href: t.ctx.url.pathname, text: 'Wait for the answer here' }));
  }
  let form: URLSearchParams;
  try {
    form = new URLSearchParams(await readBody(t.req, 4096));
  } catch (e) {
    if (e instanceof BodyError) return t.fail(e.status, e.message);
    throw e;
  }
  const expected = Buffer.from(csrfFor(t.session, t.uid));
  const given = Buffer.from(form.get('csrf') ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return t.fail(403, 'The form expired or did not come from this page. Reload the page and answer again.');
  }
  // The answer on the page wins over one given in the window meanwhile.
  deps.engine.store.decisions.take(t.uid, request.clientId);
  await finishConsent(deps.engine, t.req, t.res, request, form.get('decision') === 'allow' ? 'allow' : 'deny', 'admin-web');
}

function poll(store: OAuthEngine['store'], uid: string, session: string | null, res: ServerResponse): void {
  store.decisions.seen(uid);
  sendJson(res, 200, { answered: store.decisions.has(uid), signedIn: session !== null });
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
