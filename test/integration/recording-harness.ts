// The recording server (test/fixtures/servers/recording.mjs) as the tests see it: a data
// dir holding it, and what it executed, read back from its record file.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, makeHome, type TestHome } from './guard-harness';

export const RECORDING = join(FIXTURES, 'recording.mjs');

export interface Executed {
  kind: 'tool' | 'resource' | 'prompt' | 'completion' | 'response';
  name: string;
}

export interface RecordingHome extends TestHome {
  /** The record file of a server added with `addRecorder`. */
  recordOf(server: string): string;
  executed(server: string): Executed[];
}

export function makeRecordingHome(servers: string[], databaseUrl?: string): RecordingHome {
  const home = makeHome([], databaseUrl);
  const files = new Map<string, string>();
  for (const name of servers) {
    const file = join(home.dir, `${name}.record.jsonl`);
    files.set(name, file);
    home.core.servers.add({ transport: 'stdio', name, command: process.execPath, args: [RECORDING, file], cwd: null, env: {} });
  }
  return Object.assign(home, {
    recordOf: (server: string) => files.get(server)!,
    executed(server: string): Executed[] {
      const file = files.get(server)!;
      if (!existsSync(file)) return [];
      return readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Executed);
    },
  });
}

/** Names a careless server must never have run: every tool, resource and prompt the keys are denied. */
export function deniedRuns(executed: Executed[]): Executed[] {
  return executed.filter((e) => e.kind !== 'response' && e.name.includes('secret'));
}
