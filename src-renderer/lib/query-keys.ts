// Query-key factories: every cache key is built here, so invalidation after a
// mutation can name exactly what changed.
export const systemKeys = {
  all: ['system'] as const,
  status: () => [...systemKeys.all, 'status'] as const,
};

export const keyKeys = {
  all: ['keys'] as const,
  lists: () => [...keyKeys.all, 'list'] as const,
  list: () => [...keyKeys.lists()] as const,
  details: () => [...keyKeys.all, 'detail'] as const,
  detail: (id: string) => [...keyKeys.details(), id] as const,
};

export const serverKeys = {
  all: ['servers'] as const,
  lists: () => [...serverKeys.all, 'list'] as const,
  list: () => [...serverKeys.lists()] as const,
  details: () => [...serverKeys.all, 'detail'] as const,
  detail: (name: string) => [...serverKeys.details(), name] as const,
};

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
  client: (id: string) => [...oauthKeys.clients(), 'detail', id] as const,
  grants: () => [...oauthKeys.all, 'grants'] as const,
  consents: () => [...oauthKeys.all, 'consents'] as const,
  settings: () => [...oauthKeys.all, 'settings'] as const,
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
