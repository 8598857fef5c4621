// The Clients screen's link (#/clients?config=/path/to/config.json&open=protect): one
// config file, or its Protect dialog. The router imports this file.
export interface ClientsSearch {
  config?: string;
  open?: 'protect';
}

export function parseClientsSearch(raw: Record<string, unknown>): ClientsSearch {
  const out: ClientsSearch = {};
  if (typeof raw.config === 'string' && raw.config.length > 0 && raw.config.length <= 4096) out.config = raw.config;
  if (out.config && raw.open === 'protect') out.open = 'protect';
  return out;
}
