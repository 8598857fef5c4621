// `gatehouse oauth consents list|approve|deny`: answer an MCP app's sign-in from a
// terminal. The answer is stored; the browser tab waiting on the consent page picks it
// up within seconds and finishes the sign-in.
import type { OAuthConsentAnswer, OAuthPendingConsent } from '../../src-preload/contract-oauth';
import { call, printJson, printList, withCore, type CommonOptions } from './context';

const serverOf = (resource: string) => /\/mcp\/([^/?#]+)$/.exec(resource)?.[1] ?? resource;
const hostOf = (uri: string | null) => (uri ? (URL.parse(uri)?.host ?? uri) : '-');

export async function listConsents(opts: CommonOptions): Promise<void> {
  const pending = await withCore(opts, (_c, api) => call(api, 'oauth.consents.pending', {}));
  printList(opts, pending, {
    none: 'No sign-in request is waiting. One appears here while an MCP app waits on the consent page.',
    headers: ['UID', 'CLIENT', 'SERVERS', 'RETURNS TO', 'EXPIRES', 'ANSWER'],
    cells: (p) => [p.uid, p.clientName ?? p.clientId, p.resources.map(serverOf).join(',') || '-', hostOf(p.redirectUri), p.expiresAt ?? '-', answer(p)],
  });
}

export async function answerConsent(uid: string, decision: 'allow' | 'deny', opts: CommonOptions): Promise<void> {
  const method = decision === 'allow' ? 'oauth.consents.approve' : 'oauth.consents.deny';
  const a: OAuthConsentAnswer = await withCore(opts, (_c, api) => call(api, method, { uid }));
  if (opts.json) return printJson(a);
  const verb = decision === 'allow' ? 'Allowed' : 'Denied';
  process.stdout.write(`${verb} ${a.clientId} (request ${a.uid}). The browser tab waiting on the consent page continues within a few seconds.\n`);
}

function answer(p: OAuthPendingConsent): string {
  return p.decision === 'allow' ? 'allowed' : p.decision === 'deny' ? 'denied' : '-';
}
