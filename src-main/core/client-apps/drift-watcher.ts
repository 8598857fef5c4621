// Watches the folders of the configs Gatehouse protected (a client usually replaces its
// file, which a watch on the file itself would miss) and, after a quiet moment, checks
// them again. An entry that is gone or changed is reported as drifted, once per change.
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { ClientServerEntry } from '../../../src-shared/model/client-apps';
import type { ClientAppService } from './service';
import { configStatus } from './status';

export interface DriftEvent {
  client: string;
  path: string;
  servers: ClientServerEntry[];
}

/** Every recorded config with at least one drifted entry, checked now. */
export function checkDrift(service: ClientAppService, registry: Parameters<typeof configStatus>[1]['registry']): DriftEvent[] {
  const paths = new Map<string, string>();
  for (const r of service.records.list()) paths.set(`${r.client}\u0000${r.configPath}`, r.client);
  const out: DriftEvent[] = [];
  for (const [k, client] of paths) {
    const path = k.split('\u0000')[1]!;
    const target = service.target({ client, configPath: path });
    const status = configStatus(target, { ...service.statusDeps(), registry });
    const drifted = status.servers.filter((s) => s.status === 'drifted' && s.driftReason !== 'unrecorded');
    if (drifted.length) out.push({ client, path, servers: drifted });
  }
  return out;
}

export interface DriftWatcher {
  /** Checks now (also after the debounce of a file event). */
  check(): DriftEvent[];
  /** Re-reads which folders to watch (after a protect or unprotect). */
  refresh(): void;
  close(): void;
}

export function watchDrift(
  service: ClientAppService,
  registry: Parameters<typeof configStatus>[1]['registry'],
  onDrift: (events: DriftEvent[]) => void,
  opts: { debounceMs?: number } = {},
): DriftWatcher {
  const watchers = new Map<string, FSWatcher>();
  let names = new Map<string, Set<string>>();
  let timer: NodeJS.Timeout | null = null;
  let last = '';
  const check = () => {
    const events = checkDrift(service, registry);
    const sig = JSON.stringify(events);
    if (sig !== last) {
      last = sig;
      if (events.length) onDrift(events);
    }
    return events;
  };
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      try {
        check();
      } catch {
        // A config mid-rewrite; the next event checks again.
      }
    }, opts.debounceMs ?? 300);
    timer.unref();
  };
  const refresh = () => {
    const wanted = new Map<string, Set<string>>();
    for (const r of service.records.list()) {
      const dir = dirname(r.configPath);
      wanted.set(dir, (wanted.get(dir) ?? new Set()).add(basename(r.configPath)));
    }
    names = wanted;
    for (const [dir, w] of watchers) {
      if (wanted.has(dir)) continue;
      w.close();
      watchers.delete(dir);
    }
    for (const dir of wanted.keys()) {
      if (watchers.has(dir)) continue;
      try {
        const w = watch(dir, { persistent: false }, (_event, name) => {
          if (!name || names.get(dir)?.has(String(name))) schedule();
        });
        w.on('error', () => w.close());
        watchers.set(dir, w);
      } catch {
        // The folder is gone; check() reports its entries as missing.
      }
    }
  };
  refresh();
  return {
    check,
    refresh,
    close: () => {
      if (timer) clearTimeout(timer);
      for (const w of watchers.values()) w.close();
      watchers.clear();
    },
  };
}
