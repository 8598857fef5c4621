// The Servers screen's link (#/servers?server=fs&tool=read_file&open=expose): a server's
// row, its tool catalog at one tool, or its HTTP settings. The router imports this file.
export interface ServersSearch {
  server?: string;
  tool?: string;
  open?: 'expose';
}

export function parseServersSearch(raw: Record<string, unknown>): ServersSearch {
  const out: ServersSearch = {};
  if (typeof raw.server === 'string' && /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(raw.server)) out.server = raw.server;
  if (out.server && typeof raw.tool === 'string' && raw.tool.length > 0 && raw.tool.length <= 200) out.tool = raw.tool;
  if (out.server && raw.open === 'expose') out.open = 'expose';
  return out;
}
