// Audit events in words: who did it, what it was, why it was refused. The stored codes
// stay available (on hover, in the detail view, in exports).
import type { AuditEntry } from '../../../src-preload/contract';

const actors: Record<string, string> = {
  desktop: 'Desktop app',
  'admin-web': 'Admin page',
  cli: 'CLI',
  system: 'Gatehouse',
  admin: 'Admin',
  guard: 'Guard',
  gateway: 'Gateway',
};

const actions: Record<string, string> = {
  'mcp.request': 'MCP call',
  'mcp.server_exit': 'Server stopped',
  'key.create': 'Created key',
  'key.update': 'Changed key',
  'key.rotate': 'Rotated key',
  'key.revoke': 'Revoked key',
  'key.reveal': 'Revealed key',
  'key.end_grace': 'Ended rotation grace',
  'server.add': 'Added server',
  'server.update': 'Changed server',
  'server.remove': 'Removed server',
  'server.expose': 'Exposed server over HTTP',
  'server.unexpose': 'Stopped exposing server',
  'server.upstream_connect': 'Signed in to upstream',
  'server.upstream_disconnect': 'Signed out of upstream',
  'settings.update': 'Changed settings',
  'client.protect': 'Protected servers in config',
  'client.unprotect': 'Unprotected servers in config',
  'client.restore': 'Restored config backup',
  'client.drift': 'Config changed by another program',
  'client.reapply': 'Re-applied protection',
  'client.repatch': 'Wrote new key into config',
  'oauth.consent': 'Answered sign-in',
  'oauth.client.create': 'Created OAuth client',
  'oauth.client.update': 'Changed OAuth client',
  'oauth.client.rotate_secret': 'Rotated OAuth client secret',
  'oauth.client.delete': 'Deleted OAuth client',
  'oauth.grant.revoke': 'Revoked grant',
  'oauth.grant.revoke_all': 'Revoked all grants',
  'oauth.settings.update': 'Changed OAuth settings',
  'oauth.keys.rotate': 'Rotated signing key',
  'oauth.registration_token.rotate': 'Rotated registration token',
  'oauth.machine_access.on': 'Turned on machine access',
  'oauth.resource_server.add': 'Registered self-hosted MCP server',
  'oauth.resource_server.rotate_secret': 'Rotated self-hosted server secret',
  'oauth.resource_server.remove': 'Removed self-hosted MCP server',
  'gateway.session.end': 'Ended gateway session',
  'gateway.session.refused': 'Refused gateway session',
  'master_key.move': 'Moved master key',
  'admin.sign_in_link': 'Made admin sign-in link',
  'audit.dropped': 'Audit events dropped',
};

const reasons: Record<string, string> = {
  no_allow_rule: 'No rule allows it',
  denied_by_rule: 'A deny rule matches',
  no_server_access: 'No permission for this server',
  invalid_request: 'Malformed request',
  invalid_params: 'Malformed parameters',
  parse_error: 'Not JSON',
  repeated_key: 'A member written twice',
  duplicate_id: 'Request id already waiting',
  unknown_method: 'Unknown method',
  unknown_notification: 'Unknown notification',
  unexpected_response: 'Answer to no request',
  wrong_era: 'Method of the other protocol version',
  session_limit_principal: 'Too many sessions for this key or app',
  session_limit_total: 'Too many gateway sessions',
  replaced: 'Replaced by a newer session',
  invalid_token: 'Invalid token',
  insufficient_scope: 'Token not for this server',
  rate_limited: 'Rate limit reached',
  server_down: 'Server not running',
  server_exit: 'Server exited',
  timeout: 'Server did not answer in time',
  response_too_large: 'Answer over the size limit',
  spawn_failed: 'Server could not start',
  key_missing: 'No key',
  key_malformed: 'Malformed key',
  key_checksum: 'Mistyped key',
  key_unknown: 'Unknown key',
  key_revoked: 'Revoked key',
  key_expired: 'Expired key',
  key_rotated: 'Old key, grace over',
};

const outcomes: Record<string, string> = {
  ok: 'OK',
  error: 'Error answer',
  tool_error: 'Tool reported an error',
  input_required: 'Asked for input',
  too_large: 'Answer too large',
  server_exit: 'Server exited',
  timeout: 'Timed out',
};

export const isCall = (e: AuditEntry) => e.action.startsWith('mcp.');

export function actorLabel(actor: string | null): string {
  return actor ? (actors[actor] ?? actor) : 'Unknown';
}

export function actionLabel(action: string): string {
  return actions[action] ?? action;
}

/** A refusal of the key itself names who asked better than an empty principal. */
function unknownCaller(e: AuditEntry): string {
  return e.reason && reasons[e.reason] && e.reason.startsWith('key_') ? reasons[e.reason]! : 'Unknown caller';
}

/** Who did it: the key or app behind an MCP call, else the admin's tool (desktop, admin page, CLI). */
export function whoOf(e: AuditEntry): { label: string; kind: 'principal' | 'admin' | 'none' } {
  if (isCall(e) && e.action === 'mcp.request') {
    if (e.principalId) return { label: e.principalName ?? e.principalId, kind: 'principal' };
    return { label: unknownCaller(e), kind: 'none' };
  }
  return { label: actorLabel(e.actor), kind: 'admin' };
}

/** What the event acted on, for admin events: the key, app or server named. */
export function targetOf(e: AuditEntry): string | null {
  if (isCall(e)) return null;
  if (e.principalId) return e.principalName ?? e.principalId;
  return e.server ?? null;
}

export function reasonLabel(code: string): string {
  return reasons[code] ?? code.replace(/_/g, ' ');
}

export function outcomeLabel(code: string): string {
  return outcomes[code] ?? code.replace(/_/g, ' ');
}

/** A client event's config file, else the server, else nothing. */
export function whereOf(e: AuditEntry): { text: string; full: string; mono: boolean } | null {
  const path = typeof e.detail?.path === 'string' ? e.detail.path : null;
  if (path) return { text: path.split(/[\\/]/).pop() ?? path, full: path, mono: true };
  return e.server ? { text: e.server, full: e.server, mono: true } : null;
}
