// The Servers screen's link (#/servers?server=fs&tool=read_file&open=expose): a server's
// row, its catalog at one entry (a tool by name, `resource:URI` or `prompt:NAME`), or its HTTP settings. The router imports this file.
export interface ServersSearch {
  server?: string;
  /** A catalog entry: a tool's name, `resource:URI` or `prompt:NAME` (tool names have no colon). */
  tool?: string;
  open?: 'expose';
}

export function parseServersSearch(raw: Record<string, unknown>): ServersSearch {
  const out: ServersSearch = {};
  if (typeof raw.server === 'string' && /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(raw.server)) out.server = raw.server;
  if (out.server && typeof raw.tool === 'string' && raw.tool.length > 0 && raw.tool.length <= 2048) out.tool = raw.tool;
  if (out.server && raw.open === 'expose') out.open = 'expose';
  return out;
}
