// The few plain pages the admin mount answers itself. No script, inline styles only.
import { escapeHtml } from './respond';

export function plainPage(title: string, paragraphs: string[]): string {
  const body = paragraphs.map((p) => `<p>${escapeHtml(p).replace(/`([^`]+)`/g, '<code>$1</code>')}</p>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Gatehouse</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#111}code{background:#f2f2f2;padding:0 .25rem;border-radius:3px}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>
`;
}

const NEW_LINK = 'Restart `gatehouse serve` to get a new sign-in link: it prints one each time it starts.';

export const pages = {
  tokenUsed: plainPage('Sign-in link already used', ['This sign-in link was already used. Each link works once.', NEW_LINK]),
  tokenInvalid: plainPage('Sign-in link not valid', ['This sign-in link is not valid for this Gatehouse server.', NEW_LINK]),
  signedOut: plainPage('Not signed in', [
    'Open the sign-in link that `gatehouse serve` printed when it started (it works once).',
    NEW_LINK,
  ]),
  notBuilt: plainPage('Admin UI not built', [
    'The admin UI has not been built in this checkout. Run `npm run build`, then restart `gatehouse serve`.',
  ]),
  notFound: plainPage('Not found', ['There is nothing at this address.']),
};
