import type { OAuthClientSummary } from '../../../src-preload/contract-oauth';

export const methodLabel: Record<OAuthClientSummary['method'], string> = {
  manual: 'Manual',
  dcr: 'DCR',
  cimd: 'CIMD',
};

export const methodExplain: Record<OAuthClientSummary['method'], string> = {
  manual: 'Created here or with the CLI',
  dcr: 'Registered itself (Dynamic Client Registration, RFC 7591)',
  cimd: 'Client ID Metadata Document: its id is an https URL Gatehouse fetched',
};

export const grantLabel: Record<string, string> = {
  authorization_code: 'code+PKCE',
  client_credentials: 'client creds',
  refresh_token: 'refresh',
};

/** "filesystem" from "http://127.0.0.1:7010/mcp/filesystem"; the raw string otherwise. */
export function serverOfResource(resource: string): string {
  const m = /\/mcp\/([^/?#]+)$/.exec(resource);
  return m?.[1] ? decodeURIComponent(m[1]) : resource;
}
