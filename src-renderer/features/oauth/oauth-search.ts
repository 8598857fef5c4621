// The OAuth screen's section lives in the URL (#/oauth?tab=grants). Kept free of zod:
// the router (first load) imports this file.
export const oauthTabs = [
  { value: 'clients', label: 'Clients' },
  { value: 'grants', label: 'Grants and tokens' },
  { value: 'consents', label: 'Pending consent' },
  { value: 'settings', label: 'Settings' },
  { value: 'resource-servers', label: 'Resource servers' },
] as const;
export type OAuthTab = (typeof oauthTabs)[number]['value'];

export interface OAuthSearch {
  tab?: OAuthTab;
  /** Resource servers: the server whose audience the snippets use. */
  server?: string;
  /** Clients: the client whose dialog opens (a link from the search palette). */
  client?: string;
}

export function parseOAuthSearch(raw: Record<string, unknown>): OAuthSearch {
  const out: OAuthSearch = {};
  if (oauthTabs.some((t) => t.value === raw.tab)) out.tab = raw.tab as OAuthTab;
  if (typeof raw.server === 'string' && /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(raw.server)) out.server = raw.server;
  if (typeof raw.client === 'string' && raw.client.length > 0 && raw.client.length <= 2048) out.client = raw.client;
  return out;
}
