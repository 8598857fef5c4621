// Query-key factories: every cache key is built here, so invalidation after a
// mutation can name exactly what changed.
export const systemKeys = {
  all: ['system'] as const,
  status: () => [...systemKeys.all, 'status'] as const,
};

/** Keys of a collection with one list and a detail per item (by id or name). */
function listAndDetailKeys<const Name extends string>(name: Name) {
  const all = [name] as const;
  const lists = () => [...all, 'list'] as const;
  const details = () => [...all, 'detail'] as const;
  return {
    all,
    lists,
    list: () => [...lists()] as const,
    details,
    detail: (idOrName: string) => [...details(), idOrName] as const,
  };
}

const keyLists = listAndDetailKeys('keys');
export const keyKeys = {
  ...keyLists,
  /** A paged or searched read of the key list; under lists(), so every key mutation refreshes it. */
  query: (kind: 'pages' | 'search' | 'byIds' | 'expiring' | 'any', params: object) => [...keyLists.lists(), kind, params] as const,
};

export const principalKeys = {
  search: (params: object) => ['principals', 'search', params] as const,
};

export const serverKeys = listAndDetailKeys('servers');

export const settingsKeys = {
  all: ['settings'] as const,
  detail: () => [...settingsKeys.all, 'detail'] as const,
};

export const rateKeys = {
  all: ['rate'] as const,
  buckets: () => [...rateKeys.all, 'buckets'] as const,
};

export const auditKeys = {
  all: ['audit'] as const,
  lists: () => [...auditKeys.all, 'list'] as const,
  /** Filters as they stand in the URL (relative `since` included), so a refetch recomputes the window. */
  list: (filters: Record<string, string | undefined>) => [...auditKeys.lists(), filters] as const,
  perMinute: (minutes: number) => [...auditKeys.all, 'per-minute', minutes] as const,
};

export const oauthKeys = {
  all: ['oauth'] as const,
  clients: () => [...oauthKeys.all, 'clients'] as const,
  clientList: () => [...oauthKeys.clients(), 'list'] as const,
  clientSearch: (params: object) => [...oauthKeys.clients(), 'search', params] as const,
  client: (id: string) => [...oauthKeys.clients(), 'detail', id] as const,
  grants: () => [...oauthKeys.all, 'grants'] as const,
  consents: () => [...oauthKeys.all, 'consents'] as const,
  settings: () => [...oauthKeys.all, 'settings'] as const,
  resourceServers: () => [...oauthKeys.all, 'resource-servers'] as const,
  jwksAll: () => [...oauthKeys.all, 'jwks'] as const,
  jwks: (url: string) => [...oauthKeys.jwksAll(), url] as const,
};

export const gatewayKeys = {
  all: ['gateway'] as const,
  exposures: () => [...gatewayKeys.all, 'exposures'] as const,
  sessions: () => [...gatewayKeys.all, 'sessions'] as const,
};

export const clientKeys = {
  all: ['clients'] as const,
  list: () => [...clientKeys.all, 'list'] as const,
  firstRun: () => [...clientKeys.all, 'first-run'] as const,
  backups: (client: string, configPath: string) => [...clientKeys.all, 'backups', client, configPath] as const,
};
