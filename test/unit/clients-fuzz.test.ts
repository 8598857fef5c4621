// Property: in any config of any format, protecting one random server leaves every
// other server and setting semantically untouched, and unprotecting gives back the
// original bytes. Configs are generated (test/helpers/config-arbitraries.ts) with the
// shapes that broke editors before: quote runs and headers in comments and strings,
// inline tables, CRLF, tabs, trailing commas, names with any characters.
import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonical, documentValue } from '../../src-main/core/client-apps/lossless';
import { configModel, writeJson, writeToml, type ConfigModel } from '../helpers/config-arbitraries';
import { clientsEnv, LAUNCHER, type ClientsEnv } from '../helpers/clients';

interface Case {
  client: 'claude-desktop' | 'vscode' | 'codex';
  rel: string;
  format: 'json' | 'jsonc' | 'toml';
  serversKey: string;
  write(m: ConfigModel): string;
}

const CASES: Case[] = [
  { client: 'claude-desktop', rel: '.config/Claude/claude_desktop_config.json', format: 'json', serversKey: 'mcpServers', write: (m) => writeJson(m, 'mcpServers', false) },
  { client: 'vscode', rel: '.config/Code/User/mcp.json', format: 'jsonc', serversKey: 'servers', write: (m) => writeJson(m, 'servers', true) },
  { client: 'codex', rel: '.codex/config.toml', format: 'toml', serversKey: 'mcp_servers', write: writeToml },
];

let env: ClientsEnv;
beforeAll(() => {
  env = clientsEnv();
});
afterAll(() => env.cleanup());

/** Everything but one server, as canonical text: what must not change. */
function others(text: string, c: Case, name: string): string {
  const doc = documentValue(text, c.format);
  expect(doc, `the ${c.format} text parses`).not.toBeNull();
  const servers = { ...(doc![c.serversKey] as Record<string, unknown>) };
  delete servers[name];
  return canonical({ ...doc, [c.serversKey]: servers });
}

describe('protect one random server of a generated config', () => {
  for (const c of CASES) {
    it(`${c.format}: every other entry and setting is semantically untouched; unprotect gives the bytes back`, () => {
      const file = join(env.home, c.rel);
      mkdirSync(dirname(file), { recursive: true });
      fc.assert(
        fc.property(configModel, fc.nat(), (model, pick) => {
          const text = c.write(model);
          const name = model.servers[pick % model.servers.length]!.name;
          writeFileSync(file, text);
          env.service.protect({ client: c.client, servers: [name], keyId: env.keyId });
          const after = env.read(file).toString('utf8');
          expect(others(after, c, name)).toBe(others(text, c, name));
          const entry = (documentValue(after, c.format)![c.serversKey] as Record<string, { args: string[] }>)[name]!;
          expect(entry.args.slice(0, -1)).toEqual([...LAUNCHER.args, 'guard', '--server']);
          expect(entry.args.at(-1)).toBe(env.core.servers.resolve(name));
          env.service.unprotect({ client: c.client, servers: [name] });
          expect(env.read(file).toString('utf8')).toBe(text);
        }),
        { numRuns: 60 },
      );
    });
  }
});
