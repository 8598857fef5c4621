// Where a remote server's authorization server sends the browser back after the admin
// signed Gatehouse in there. A GET from another site by design (crossOrigin 'allow'): it
// defends itself with `state` (random, one use, hashed in the database, tied to a PKCE
// verifier in the vault). It never redirects anywhere: it shows a small page.
import type { Core } from '../core';
import { isGatehouseError } from '../core/errors';
import { UpstreamAuth } from '../core/servers/upstream-oauth';
import { escapeHtml as h, sendHtml } from './respond';
import type { RouteHandler } from './router';

const CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><title>${h(title)} · Gatehouse</title></head>
<body style="font:15px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem">
<p style="color:#71717a;font-size:.8rem">Gatehouse · upstream sign-in</p>
<h1 style="font-size:1.25rem">${h(title)}</h1>
<p>${body}</p>
</body>
</html>
`;
}

export function upstreamCallbackHandler(core: Core, log: (line: string) => void): RouteHandler {
  return async (req, res, { url }) => {
    res.setHeader('Content-Security-Policy', CSP);
    if (req.method !== 'GET') return sendHtml(res, 405, page('Not allowed', 'This address only receives sign-in redirects.'), { Allow: 'GET' });
    try {
      const server = await new UpstreamAuth(core).complete(url.searchParams);
      sendHtml(res, 200, page('Connected — you can close this tab', `Gatehouse is signed in to the upstream of <strong>${h(server)}</strong>.`));
    } catch (e) {
      if (!isGatehouseError(e)) log(`upstream sign-in callback failed: ${e instanceof Error ? e.name : 'error'}`);
      const message = isGatehouseError(e) ? e.message : 'internal error; see the Gatehouse log for details';
      sendHtml(res, 400, page('Sign-in failed', `${h(message)}. Start again from Gatehouse → Servers → Connect.`));
    }
  };
}
