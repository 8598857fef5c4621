// The HTML the AS shows in the user's browser: the consent page, the page that waits
// for the admin's answer in the Gatehouse window, and error pages. One <style> block
// allowed by a per-response nonce; the waiting page alone has a nonce'd script (its poll).
import { escapeHtml as h } from './respond';

export interface ConsentView {
  clientName: string;
  clientId: string;
  redirectHost: string;
  /**
   * Standing access beyond this sign-in: 'requested' when the client registered
   * client_credentials but the admin has not turned machine access on, 'on' when it has.
   */
  machineAccess: 'none' | 'requested' | 'on';
  /** How long its refresh tokens keep access after this sign-in, in days; null: no refresh tokens. */
  refreshDays: number | null;
  /** CIMD client whose redirect URIs all point at this machine: anyone here could pose as it. */
  localhostOnlyCimd: boolean;
  cimdHost: string | null;
  servers: string[];
  scopes: string[];
  resources: string[];
  action: string;
  csrf: string;
}

const STYLE = `
:root{color-scheme:light dark;--fg:#18181b;--muted:#52525b;--bg:#fafafa;--card:#fff;--line:#e4e4e7;--accent:#4f46e5;--on-accent:#fff;--warn-bg:#fef3c7;--warn-fg:#78350f}
@media (prefers-color-scheme:dark){:root{--fg:#f4f4f5;--muted:#a1a1aa;--bg:#09090b;--card:#18181b;--line:#27272a;--accent:#818cf8;--on-accent:#0b0b1a;--warn-bg:#422006;--warn-fg:#fde68a}}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif}
main{max-width:30rem;margin:4rem auto;padding:1.5rem 1.75rem;background:var(--card);border:1px solid var(--line);border-radius:12px}
.brand{font-size:.8rem;color:var(--muted);letter-spacing:.02em;margin:0 0 1rem}
h1{font-size:1.25rem;margin:.25rem 0 1rem;line-height:1.3}
.muted{color:var(--muted);font-size:.9rem}
ul{padding-left:1.2rem;margin:.5rem 0}
.warn{background:var(--warn-bg);color:var(--warn-fg);padding:.6rem .8rem;border-radius:8px;font-size:.9rem}
details{margin:1rem 0;font-size:.85rem}
code{font:12px ui-monospace,monospace;word-break:break-all}
.actions{display:flex;gap:.75rem;margin-top:1.5rem}
button{flex:1;font:inherit;font-weight:600;padding:.6rem 1rem;border-radius:8px;border:1px solid var(--line);background:transparent;color:var(--fg);cursor:pointer}
button.primary{background:var(--accent);border-color:var(--accent);color:var(--on-accent)}
button:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
a{color:var(--accent)}
code.cmd{word-break:normal;overflow-wrap:anywhere}
summary{cursor:pointer}
.waiting{display:flex;gap:.6rem;align-items:center;font-weight:600}
.spinner{width:14px;height:14px;border-radius:50%;border:2px solid var(--line);border-top-color:var(--accent);animation:spin 1s linear infinite}
@keyframes spin{to{transform:rotate(360deg)}}
@media (prefers-reduced-motion:reduce){.spinner{animation:none}}
`;

/** The shield of the admin UI's favicon, inline: the consent CSP allows data: images only. */
const FAVICON = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" stroke="#4f46e5" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"><path d="M20 13c0 5-3.5 7.5-7.66 8.95a1 1 0 0 1-.67-.01C7.5 20.5 4 18 4 13V6a1 1 0 0 1 1-1c2 0 4.5-1.2 6.24-2.72a1.17 1.17 0 0 1 1.52 0C14.51 3.81 17 5 19 5a1 1 0 0 1 1 1z"/><path d="m9 12 2 2 4-4"/></svg>',
)}`;

function page(title: string, nonce: string, body: string, script = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${h(title)} · Gatehouse</title>
<link rel="icon" href="${FAVICON}">
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<main>
<p class="brand">Gatehouse · authorization</p>
${body}
</main>${script ? `\n<script nonce="${nonce}">${script}</script>` : ''}
</body>
</html>
`;
}

/** The consent page polls as the waiting page does: an answer given elsewhere finishes it, and the tab counts as open. */
export function consentPage(v: ConsentView, nonce: string): string {
  const what = v.servers.length
    ? v.servers.map((s) => `<li>use tools of <em>${h(s)}</em></li>`).join('')
    : '<li>no MCP server (nothing beyond its own identity)</li>';
  const warn = v.localhostOnlyCimd
    ? `<p class="warn" role="note">This client describes itself at <strong>${h(v.cimdHost ?? '')}</strong> but can only send you back to this computer. Any program on this machine could pretend to be it: allow only if you started this sign-in just now.</p>`
    : '';
  return page(
    `Allow ${v.clientName}?`,
    nonce,
    `<h1>Allow <strong>${h(v.clientName)}</strong> to use your MCP servers?</h1>
<p>After you answer, you go back to <strong>${h(v.redirectHost)}</strong>.</p>
${warn}
<p>It asks to:</p>
<ul>${what}</ul>
${standingAccess(v)}
<p class="muted">What it may actually do is limited by its permission rules in Gatehouse. You can revoke this at any time under OAuth → Grants.</p>
<details><summary>Details</summary>
<p>Client ID: <code>${h(v.clientId)}</code></p>
<p>Scopes: ${v.scopes.length ? v.scopes.map((s) => `<code>${h(s)}</code>`).join(' ') : '<span class="muted">none</span>'}</p>
<p>Resources: ${v.resources.map((r) => `<code>${h(r)}</code>`).join(' ')}</p>
</details>
<form method="post" action="${h(v.action)}">
<input type="hidden" name="csrf" value="${h(v.csrf)}">
<div class="actions">
<button type="submit" name="decision" value="deny">Deny</button>
<button type="submit" name="decision" value="allow" class="primary">Allow</button>
</div>
</form>`,
    pollScript(true),
  );
}

/** What the client keeps after this sign-in, said plainly: refresh tokens, and machine access. */
function standingAccess(v: ConsentView): string {
  const keeps =
    v.refreshDays === null
      ? '<p>It gets access for this sign-in only (no refresh token).</p>'
      : `<p>It <strong>keeps access</strong> after this sign-in (its refresh tokens last up to ${v.refreshDays} days, renewed as it uses them) until you revoke it.</p>`;
  if (v.machineAccess === 'on') {
    return `${keeps}
<p class="warn" role="note">This app <strong>already has machine access</strong>: it can get tokens with its secret alone, <strong>without anyone signing in</strong>, until you turn that off under OAuth → Clients.</p>`;
  }
  if (v.machineAccess === 'requested') {
    return `${keeps}
<p class="warn" role="note">This app also asked for <strong>machine access</strong> (client_credentials): tokens at any time, <strong>without anyone signing in</strong>. Allowing this sign-in does not turn it on; only you can, under OAuth → Clients.</p>`;
  }
  return keeps;
}

export interface WaitingView {
  /** Where the admin answers: the desktop app's window, or the admin page `serve` serves. */
  face: 'desktop' | 'serve';
  clientName: string;
  redirectHost: string;
  servers: string[];
  uid: string;
  /** This page's own path: the poll asks it, and the answer is picked up by loading it. */
  action: string;
}

/**
 * Asks this page (with the interaction cookie) every 2 s whether the admin answered, or
 * whether this browser signed in or out as the admin meanwhile; then loads it again, to
 * finish or to show the buttons. Each ask also tells Gatehouse the tab is still open.
 */
export function pollScript(signedIn: boolean): string {
  // A submitted form (Allow/Deny on this page) ends the polling: its answer is on its way.
  return `(function(){var p=location.pathname,s=${signedIn ? 'true' : 'false'},done=false;
document.addEventListener('submit',function(){done=true});function next(){if(!done)setTimeout(check,2000)}
function check(){if(done)return;fetch(p+'?poll=1',{cache:'no-store',credentials:'same-origin',headers:{accept:'application/json'}})
.then(function(r){return r.ok?r.json():{answered:true}}).then(function(b){if(done)return;if(b&&(b.answered||b.signedIn!==s))location.replace(p);else next()},next)}next()})();`;
}

function whereToAnswer(v: WaitingView): string {
  if (v.face === 'desktop') {
    return `<p>Open the Gatehouse window, go to <strong>OAuth → Pending consent requests</strong>, and click <strong>Allow</strong> or <strong>Deny</strong>. This page then continues on its own.</p>`;
  }
  return `<p>Answer on the Gatehouse admin page: <a href="/admin/#/oauth?tab=consents">OAuth → Pending consent</a>, then <strong>Allow</strong> or <strong>Deny</strong>. This page then continues on its own.</p>
<p>This browser is not signed in to it. Run <code class="cmd">gatehouse admin-link</code> in a terminal and open the link it prints here: this page then shows <strong>Allow</strong> and <strong>Deny</strong> itself.</p>`;
}

/** Shown to a browser that started a sign-in but has no admin session: the answer comes from elsewhere. */
export function waitingPage(v: WaitingView, nonce: string): string {
  const what = v.servers.map((s) => `<em>${h(s)}</em>`).join(', ');
  return page(
    'Waiting for approval in Gatehouse',
    nonce,
    `<h1>Waiting for approval in Gatehouse</h1>
<p><strong>${h(v.clientName)}</strong> asks to use tools of ${what}. After the answer, you go back to <strong>${h(v.redirectHost)}</strong>.</p>
${whereToAnswer(v)}
<p class="waiting" role="status"><span class="spinner" aria-hidden="true"></span>Waiting for your answer…</p>
<noscript><p><a href="${h(v.action)}">Check again</a></p></noscript>
<p class="muted">Did not start this sign-in? Close this tab: nothing happens without your answer.</p>
<details><summary>Answer in a terminal</summary>
<p><code class="cmd">gatehouse oauth consents approve ${h(v.uid)}</code></p>
<p><code class="cmd">gatehouse oauth consents deny ${h(v.uid)}</code></p>
</details>`,
    pollScript(false),
  );
}

export function messagePage(title: string, paragraphs: string[], nonce: string, link?: { href: string; text: string }): string {
  const ps = paragraphs.map((p) => `<p>${h(p)}</p>`).join('\n');
  const a = link ? `<p><a href="${h(link.href)}">${h(link.text)}</a></p>` : '';
  return page(title, nonce, `<h1>${h(title)}</h1>\n${ps}\n${a}`);
}

export function errorPage(error: string, description: string, nonce: string): string {
  return messagePage(
    'This sign-in cannot continue',
    [description, 'Nothing was sent back to the application. Close this tab and start the sign-in again from the application.'],
    nonce,
  ).replace('</main>', `<p class="muted">Error: <code>${h(error)}</code></p>\n</main>`);
}

/**
 * The consent page's CSP: nothing but our style, and the form going to us and then to
 * the client. No image from anywhere: a logo from an origin the client chose would tell it
 * when the admin opens the page. Only data: images, which fetch nothing (the inline
 * favicon). `poll` (the waiting page) adds its script and its fetches to us.
 */
export function consentCsp(nonce: string, redirectOrigin: string | null, poll = false): string {
  return [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    ...(poll ? [`script-src 'nonce-${nonce}'`, "connect-src 'self'"] : []),
    'img-src data:',
    // Chrome applies form-action to the redirects after the POST as well.
    `form-action 'self'${redirectOrigin ? ` ${redirectOrigin}` : ''}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}
