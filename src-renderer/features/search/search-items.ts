// What the palette can find and do, built from the admin API's lists, and how a query
// ranks it. Pure functions: the palette component only renders and navigates. Choosing
// an item opens it (a key's details, a server's row, a tool in its catalog, a client
// config, an OAuth client's dialog) or starts an action on it.
import type { ClientApp, KeySummary, ServerDetail, ServerSummary } from '../../../src-preload/contract';
import type { OAuthClientSummary } from '../../../src-preload/contract-oauth';
import type { LinkProps } from '@tanstack/react-router';

export type QuickAction = 'add-server';
/** Actions that first ask for their target: a key, a client config, a server. */
export type PalettePage = 'rotate' | 'revoke' | 'protect' | 'expose';

type Route = NonNullable<LinkProps['to']>;

/** Where Enter takes the user: a screen with what it should open, a dialog, or a list of targets. */
export type SearchTarget =
  | { to: Route; search?: Record<string, string> }
  | { action: QuickAction }
  | { page: PalettePage };

export type SearchKind = 'action' | 'key' | 'server' | 'tool' | 'capability' | 'client' | 'oauth' | 'screen';

export interface SearchItem {
  id: string;
  kind: SearchKind;
  label: string;
  /** A second line: prefix, command, config path… */
  detail: string | null;
  /** Render the label (and detail) in monospace: identifiers, paths. */
  monoLabel?: boolean;
  monoDetail?: boolean;
  /** Extra text the query matches but the row does not show in full. */
  keywords?: string;
  target: SearchTarget;
}

export interface SearchGroup {
  kind: SearchKind;
  label: string;
  items: SearchItem[];
  /** Matches left out of `items` by the per-group cap. */
  hidden: number;
}

export const groupLabels: Record<SearchKind, string> = {
  action: 'Actions',
  key: 'API keys',
  server: 'Servers',
  tool: 'Tools',
  capability: 'Resources and prompts',
  client: 'Client apps',
  oauth: 'OAuth clients',
  screen: 'Go to',
};

const groupOrder: SearchKind[] = ['action', 'key', 'server', 'tool', 'capability', 'client', 'oauth', 'screen'];

export const quickActions: SearchItem[] = [
  { id: 'action:create-key', kind: 'action', label: 'Create API key', detail: 'Name, servers and tools, rate limit, expiry', keywords: 'new key token', target: { to: '/keys', search: { open: 'create' } } },
  { id: 'action:rotate', kind: 'action', label: 'Rotate key…', detail: 'A new secret; the old one works for a grace you choose', keywords: 'roll key secret', target: { page: 'rotate' } },
  { id: 'action:revoke', kind: 'action', label: 'Revoke key…', detail: 'Cut a key off now', keywords: 'delete disable key', target: { page: 'revoke' } },
  { id: 'action:protect', kind: 'action', label: 'Protect servers…', detail: 'Put a client app’s servers behind Gatehouse', keywords: 'guard client config patch', target: { page: 'protect' } },
  { id: 'action:expose', kind: 'action', label: 'Expose server…', detail: 'Serve a server over HTTP with OAuth', keywords: 'gateway http oauth publish', target: { page: 'expose' } },
  { id: 'action:add-server', kind: 'action', label: 'Add server', detail: 'A stdio command or an HTTP URL', keywords: 'new server register mcp', target: { action: 'add-server' } },
];

/** What each page lists, and its heading. */
export const pageTitles: Record<PalettePage, string> = {
  rotate: 'Rotate which key?',
  revoke: 'Revoke which key?',
  protect: 'Protect servers of which config?',
  expose: 'Expose which server?',
};

/** A screen's search params, with `open` only when an action asks for it. */
function linkSearch(base: Record<string, string>, open: string | undefined): Record<string, string> {
  return open ? { ...base, open } : base;
}

const keyStatus: Record<KeySummary['status'], string> = { active: 'active', rotating: 'rotating', expired: 'expired', revoked: 'revoked' };

/** Keys; with `open`, each opens that action on the key instead of its details. */
export function keyItems(keys: KeySummary[], open: 'details' | 'rotate' | 'revoke' = 'details'): SearchItem[] {
  return keys.map((k) => ({
    id: `key:${k.id}:${open}`,
    kind: 'key',
    label: k.name,
    detail: `${k.prefix}… · ${keyStatus[k.status]}`,
    monoDetail: true,
    keywords: `${k.prefix} ${k.id} ${k.description}`,
    target: { to: '/keys', search: { key: k.id, open } },
  }));
}

export function serverItems(servers: ServerSummary[], open?: 'expose'): SearchItem[] {
  return servers.map((s) => ({
    id: `server:${s.name}:${open ?? ''}`,
    kind: 'server',
    label: s.name,
    detail: `${s.transport === 'http' ? (s.url ?? '') : [s.command ?? '', ...s.args].join(' ')} · ${s.toolCount} ${s.toolCount === 1 ? 'tool' : 'tools'}`,
    keywords: s.serverInfo?.name,
    target: { to: '/servers', search: linkSearch({ server: s.name }, open) },
  }));
}

export function toolItems(details: ServerDetail[]): SearchItem[] {
  return details.flatMap((d) =>
    d.tools.map((t) => ({
      id: `tool:${d.name}:${t.name}`,
      kind: 'tool' as const,
      label: `${d.name}:${t.name}`,
      monoLabel: true,
      detail: t.title ?? t.annotations.title ?? t.description ?? null,
      keywords: t.description ?? undefined,
      target: { to: '/servers' as const, search: { server: d.name, tool: t.name } },
    })),
  );
}

/**
 * Resources, resource templates and prompts, as rules name them (`SERVER:resource:URI`,
 * `SERVER:prompt:NAME`); each opens the server's catalog at that entry.
 */
export function capabilityItems(details: ServerDetail[]): SearchItem[] {
  return details.flatMap((d) =>
    [...d.resources, ...d.prompts].map((c) => {
      const entry = `${c.kind === 'prompt' ? 'prompt' : 'resource'}:${c.name}`;
      return {
        id: `capability:${d.name}:${entry}`,
        kind: 'capability' as const,
        label: `${d.name}:${entry}`,
        monoLabel: true,
        detail: c.title ?? c.description ?? null,
        keywords: `${c.kind === 'prompt' ? 'prompt' : 'resource'} ${c.description ?? ''}`,
        target: { to: '/servers' as const, search: { server: d.name, tool: entry } },
      };
    }),
  );
}

/** One row per config file of an installed app (an app can have a user and a project config). */
export function clientItems(apps: ClientApp[], open?: 'protect'): SearchItem[] {
  return apps
    .filter((a) => a.installed || a.configs.some((c) => c.exists))
    .flatMap((a) => {
      const configs = a.configs.filter((c) => c.exists && (!open || c.servers.some((s) => s.status !== 'protected' && !s.cannotProtect)));
      if (configs.length === 0) {
        return open ? [] : [{ id: `client:${a.id}`, kind: 'client' as const, label: a.name, detail: 'No config file yet', target: { to: '/clients' as const } }];
      }
      return configs.map((c) => ({
        id: `client:${a.id}:${c.path}:${open ?? ''}`,
        kind: 'client' as const,
        label: a.name,
        detail: c.path,
        monoDetail: true,
        keywords: c.servers.map((s) => s.name).join(' '),
        target: { to: '/clients' as const, search: linkSearch({ config: c.path }, open) },
      }));
    });
}

export function oauthItems(clients: OAuthClientSummary[]): SearchItem[] {
  return clients.map((c) => ({
    id: `oauth:${c.clientId}`,
    kind: 'oauth',
    label: c.name,
    detail: [c.redirectHosts.join(', '), c.disabled ? 'disabled' : null].filter(Boolean).join(' · ') || c.clientId,
    keywords: c.clientId,
    target: { to: '/oauth', search: { tab: 'clients', client: c.clientId } },
  }));
}

export function screenItems(screens: { to: Route; label: string }[]): SearchItem[] {
  return screens.map((s) => ({ id: `screen:${s.to}`, kind: 'screen', label: s.label, detail: null, keywords: 'screen page', target: { to: s.to } }));
}

/** Lower is better; null: no match. Every word of the query must occur somewhere. */
export function score(item: SearchItem, query: string): number | null {
  const q = query.trim().toLowerCase();
  if (!q) return 0;
  const label = item.label.toLowerCase();
  const hay = `${label} ${item.detail ?? ''} ${item.keywords ?? ''}`.toLowerCase();
  const words = q.split(/\s+/);
  if (!words.every((w) => hay.includes(w))) return null;
  if (label === q) return 0;
  if (label.startsWith(q)) return 1;
  // A word of the label (or the tool part of server:tool) starts with the query.
  if (label.split(/[\s:_.\-/]+/).some((part) => part.startsWith(q))) return 2;
  if (label.includes(q)) return 3;
  return 4;
}

/**
 * Groups in a fixed order, each sorted by score then label, capped (fewer rows
 * per group before anything is typed: the empty palette is a preview).
 */
export function rank(items: SearchItem[], query: string, cap = query.trim() ? 8 : 4): SearchGroup[] {
  const byKind = new Map<SearchKind, { item: SearchItem; s: number }[]>();
  for (const item of items) {
    // Screens are for typing "settings" and going there; the empty palette leaves them out.
    if (item.kind === 'screen' && !query.trim()) continue;
    const s = score(item, query);
    if (s === null) continue;
    const list = byKind.get(item.kind) ?? [];
    list.push({ item, s });
    byKind.set(item.kind, list);
  }
  const groups: SearchGroup[] = [];
  for (const kind of groupOrder) {
    const list = byKind.get(kind);
    if (!list?.length) continue;
    // Actions keep their own order when nothing is typed.
    const keepOrder = !query.trim() && kind === 'action';
    if (!keepOrder) list.sort((a, b) => a.s - b.s || a.item.label.localeCompare(b.item.label));
    const limit = kind === 'action' || kind === 'screen' ? Math.max(cap, list.length) : cap;
    groups.push({ kind, label: groupLabels[kind], items: list.slice(0, limit).map((x) => x.item), hidden: Math.max(0, list.length - limit) });
  }
  return groups;
}
