// What `servers update` changed, for the audit log: the launch fields before and after,
// env and header values masked (their names show).
import { changesOf, secretMapChanges, type Changes } from '../audit/changes';

interface Launch {
  name: string;
  transport: 'stdio' | 'http';
  command: string | null;
  args: string[];
  cwd: string | null;
  url: string | null;
}

type Def = { name: string; transport: 'stdio'; command: string; args: string[]; cwd: string | null; env: Record<string, string> } | {
  name: string;
  transport: 'http';
  url: string;
  headers: Record<string, string>;
};

export function definitionChanges(before: Launch, secrets: { env: Record<string, string>; headers: Record<string, string> }, after: Def): Changes {
  const launch: Launch =
    after.transport === 'stdio'
      ? { name: after.name, transport: 'stdio', command: after.command, args: after.args, cwd: after.cwd, url: null }
      : { name: after.name, transport: 'http', command: null, args: [], cwd: null, url: after.url };
  const out = changesOf({ ...before }, { ...launch });
  const env = secretMapChanges(secrets.env, after.transport === 'stdio' ? after.env : {});
  const headers = secretMapChanges(secrets.headers, after.transport === 'http' ? after.headers : {});
  if (env) out.env = env;
  if (headers) out.headers = headers;
  return out;
}
