// What the palette can find, built from the admin API's lists, and how a query
// ranks it. Pure functions: the palette component only renders and navigates.
import type { LinkProps } from '@tanstack/react-router';
import type { ClientApp, KeySummary, ServerDetail, ServerSummary } from '../../../src-preload/contract';
import type { OAuthClientSummary } from '../../../src-preload/contract-oauth';

export type QuickAction = 'create-key' | 'add-server';

/** Where Enter takes the user. Screens without a search param for the selection get a plain route. */
export type SearchTarget =
  | { to: NonNullable<LinkProps['to']>; tab?: undefined }
  | { to: '/oauth'; tab: 'clients' }
  | { action: QuickAction };

export type SearchKind = 'action' | 'key' | 'server' | 'tool' | 'client' | 'oauth' | 'screen';

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
  client: 'Client apps',
  oauth: 'OAuth clients',
  screen: 'Go to',
};

const groupOrder: SearchKind[] = ['action', 'key', 'server', 'tool', 'client', 'oauth', 'screen'];

export const quickActions: SearchItem[] = [
  { id: 'action:create-key', kind: 'action', label: 'Create API key', detail: 'Name, servers and tools, rate limit, expiry', keywords: 'new key token', target: { action: 'create-key' } },
  { id: 'action:add-server', kind: 'action', label: 'Add server', detail: 'A stdio command or an HTTP URL', keywords: 'new server register mcp', target: { action: 'add-server' } },
];

const keyStatus: Record<KeySummary['status'], string> = { active: 'active', rotating: 'rotating', expired: 'expired', revoked: 'revoked' };

export function keyItems(keys: KeySummary[]): SearchItem[] {
  return keys.map((k) => ({
    id: `key:${k.id}`,
    kind: 'key',
    label: k.name,
    detail: `${k.prefix}… · ${keyStatus[k.status]}`,
    monoDetail: true,
    keywords: `${k.prefix} ${k.id}`,
    target: { to: '/keys' },
  }));
}

export function serverItems(servers: ServerSummary[]): SearchItem[] {
  return servers.map((s) => ({
    id: `server:${s.name}`,
    kind: 'server',
    label: s.name,
    detail: `${s.transport === 'http' ? (s.url ?? '') : [s.command ?? '', ...s.args].join(' ')} · ${s.toolCount} ${s.toolCount === 1 ? 'tool' : 'tools'}`,
    keywords: s.serverInfo?.name,
    target: { to: '/servers' },
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
      target: { to: '/servers' as const },
    })),
  );
}

/** One row per config file of an installed app (an app can have a user and a project config). */
export function clientItems(apps: ClientApp[]): SearchItem[] {
  return apps
    .filter((a) => a.installed || a.configs.some((c) => c.exists))
    .flatMap((a) => {
      const configs = a.configs.filter((c) => c.exists);
      if (configs.length === 0) {
        return [{ id: `client:${a.id}`, kind: 'client' as const, label: a.name, detail: 'No config file yet', target: { to: '/clients' as const } }];
      }
      return configs.map((c) => ({
        id: `client:${a.id}:${c.path}`,
        kind: 'client' as const,
        label: a.name,
        detail: c.path,
        monoDetail: true,
        keywords: c.servers.map((s) => s.name).join(' '),
        target: { to: '/clients' as const },
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
    target: { to: '/oauth', tab: 'clients' },
  }));
}

/** Lower is better; null: no match. Every word of the query must occur somewhere. */
export function screenItems(screens: { to: NonNullable<LinkProps['to']>; label: string }[]): SearchItem[] {
  return screens.map((s) => ({ id: `screen:${s.to}`, kind: 'screen', label: s.label, detail: null, keywords: 'screen page', target: { to: s.to } }));
}

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
