// One parsed client config, whatever its format: the servers map and edits that
// return the whole new text with every byte outside the edited entry unchanged.
import type { ConfigFormat } from './definitions';
import { parseJsonConfig } from './json-config';
import { parseTomlConfig } from './toml-config';

export interface ConfigDoc {
  readonly format: ConfigFormat;
  /** The servers map as parsed; {} when the file has none. */
  entries(): Record<string, unknown>;
  /** The exact source text of an entry (TOML: its tables), or null when absent. */
  rawOf(name: string): string | null;
  /** The text with the entry replaced wholly by `value` (never merged), or added. */
  withEntry(name: string, value: Record<string, unknown>): string;
  /** The text with the entry's source replaced by `raw`: the byte-exact undo of withEntry. */
  withRaw(name: string, raw: string): string;
  /** The text without the entry. */
  withoutEntry(name: string): string;
}

/** Parses strictly: a file that does not parse is a CONFIG_INVALID error, never "empty". */
export function parseConfig(text: string, opts: { format: ConfigFormat; serversKey: string; path: string }): ConfigDoc {
  return opts.format === 'toml'
    ? parseTomlConfig(text, { serversKey: opts.serversKey, path: opts.path })
    : parseJsonConfig(text, { format: opts.format, serversKey: opts.serversKey, path: opts.path });
}
