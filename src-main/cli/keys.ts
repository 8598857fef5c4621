import type { CreatedKey, KeyDetail, KeySummary, RateLimit, Rule } from '../../src-preload/contract';
import { ruleCoverage, type CatalogServer, type Coverage } from '../../src-shared/model/rule-coverage';
import type { Core } from '../core';
import { allPages, call, CliFailure, printJson, printList, when, withCore, type CommonOptions } from './context';
import { rulesFrom } from './parse';
import { resolveKeyId } from './resolve';

export interface CreateOptions extends CommonOptions {
  name: string;
  description?: string;
  allow?: string[];
  deny?: string[];
  rate?: RateLimit;
  expires: number | 'never';
  allowNothing?: boolean;
}

/** The registered servers and their discovered tools, resources and prompts (null: not discovered yet). */
function catalogOf(core: Core): CatalogServer[] {
  return core.servers.list().map((s) => {
    if (!s.discoveredAt) return { name: s.name, tools: null, resources: null, prompts: null };
    const d = core.servers.get(s.name);
    return { name: s.name, tools: d.tools.map((t) => t.name), resources: d.resources.map((r) => r.name), prompts: d.prompts.map((p) => p.name) };
  });
}

/**
 * Why a key would be refused: it allows nothing, and not because it names a server
 * that is simply not registered yet (that one is created, with a warning). A likely
 * typo of a registered server or tool, or rules that match none of its tools, stop it.
 */
function refusal(rules: Rule[], coverage: Coverage): string | null {
  if (!rules.some((r) => r.effect === 'allow')) return 'it has no --allow rule';
  if (!coverage.allowsNothing) return null;
  const allows = coverage.warnings.filter((w) => w.effect === 'allow');
  const typo = allows.find((w) => w.suggestion);
  if (typo) return typo.message;
  if (allows.some((w) => w.kind === 'unknown_server')) return null;
  return 'its --allow rules match nothing (no tool, resource or prompt) of the servers they name';
}

/** Each doubtful rule is named on stderr; a key that would allow nothing is refused unless asked for. */
function checkRules(rules: Rule[], coverage: Coverage, allowNothing: boolean): void {
  for (const w of coverage.warnings) process.stderr.write(`gatehouse: warning: ${w.message}\n`);
  const why = allowNothing ? null : refusal(rules, coverage);
  if (!why) return;
  throw new CliFailure(
    `this key would allow nothing: ${why}. Give --allow SERVER:TOOLGLOB, SERVER:resource:URIGLOB or SERVER:prompt:NAMEGLOB ` +
      '(servers: gatehouse servers list), ' +
      'or pass --allow-nothing to create it anyway.',
    2,
    'ALLOWS_NOTHING',
  );
}

const statusText = (k: KeySummary) => (k.status === 'rotating' ? `rotating until ${when(k.graceUntil)}` : k.status);

function printCreated(created: CreatedKey, json: boolean | undefined, verb: string): void {
  if (json) return printJson({ ...created.key, key: created.secret });
  process.stdout.write(
    `${verb} ${created.key.name} (${created.key.id})\n\n  ${created.secret}\n\n` +
      'Copy this key now: Gatehouse will not print it again.\n',
  );
}

export async function createKey(opts: CreateOptions): Promise<void> {
  const rules = rulesFrom(opts.allow, opts.deny);
  const { created, coverage } = await withCore(opts, async (core, api) => {
    const coverage = ruleCoverage(rules, catalogOf(core));
    checkRules(rules, coverage, Boolean(opts.allowNothing));
    const created = await call(api, 'keys.create', {
      name: opts.name,
      description: opts.description ?? '',
      expiresInSeconds: opts.expires === 'never' ? null : opts.expires,
      rules,
      rateLimit: opts.rate ?? null,
    });
    return { created, coverage };
  });
  if (opts.json) return printJson({ ...created.key, key: created.secret, warnings: coverage.warnings.map((w) => w.message) });
  printCreated(created, false, 'Created');
}

export async function listKeys(opts: CommonOptions): Promise<void> {
  const keys = await withCore(opts, (_c, api) => allPages(api, 'keys.list', {}, (p) => p.keys));
  printList(opts, keys, {
    none: 'No API keys yet. Create one: gatehouse keys create --name NAME --allow "SERVER:*"',
    headers: ['ID', 'NAME', 'PREFIX', 'STATUS', 'CREATED', 'EXPIRES', 'LAST USED'],
    cells: (k) => [k.id, k.name, `${k.prefix}…`, statusText(k), when(k.createdAt), when(k.expiresAt), when(k.lastUsedAt)],
  });
}

export async function showKey(given: string, opts: CommonOptions): Promise<void> {
  const key: KeyDetail = await withCore(opts, async (_c, api) => call(api, 'keys.get', { id: await resolveKeyId(api, given) }));
  if (opts.json) return printJson(key);
  const rules = key.rules.length ? key.rules.map((r) => `${r.effect} ${r.pattern}`).join(', ') : 'none (denies everything)';
  const rate = key.rateLimit ? `${key.rateLimit.limit}/${key.rateLimit.window}` : 'default';
  process.stdout.write(
    [
      `${key.name} (${key.id})`,
      `  status:     ${statusText(key)}`,
      `  prefix:     ${key.prefix}…`,
      `  created:    ${when(key.createdAt)}`,
      `  expires:    ${key.expiresAt ? when(key.expiresAt) : 'never'}`,
      `  last used:  ${when(key.lastUsedAt)}`,
      `  rules:      ${rules}`,
      `  rate limit: ${rate}`,
      `  secrets:    ${key.secrets.map((s) => `${s.prefix}… ${s.state}${s.graceUntil ? ` until ${when(s.graceUntil)}` : ''}`).join('; ')}`,
    ].join('\n') + '\n',
  );
}

export async function revokeKey(given: string, opts: CommonOptions): Promise<void> {
  const key = await withCore(opts, async (_c, api) => call(api, 'keys.revoke', { id: await resolveKeyId(api, given) }));
  if (opts.json) return printJson(key);
  process.stdout.write(`Revoked ${key.name} (${key.id}). Anything using it has lost access.\n`);
}

async function readStdinLine(): Promise<string> {
  if (process.stdin.isTTY) return '';
  let data = '';
  for await (const chunk of process.stdin) {
    data += chunk;
    if (data.includes('\n') || data.length > 4096) break;
  }
  return data.split('\n')[0]!.trim();
}

/** Verifies a key from GATEHOUSE_API_KEY or stdin (never argv: it would show in `ps`). */
export async function verifyKey(opts: CommonOptions): Promise<void> {
  const presented = process.env.GATEHOUSE_API_KEY?.trim() || (await readStdinLine());
  if (!presented) throw new CliFailure('pass the key in GATEHOUSE_API_KEY or on stdin', 2, 'INVALID_INPUT');
  const result = await withCore(opts, (core) => core.keys.verify(presented));
  if (opts.json) printJson(result.ok ? { ok: true, id: result.keyId, name: result.name } : result);
  else if (result.ok) process.stdout.write(`valid: ${result.name} (${result.keyId})\n`);
  else process.stderr.write(`refused (${result.reason}): ${result.message}\n`);
  if (!result.ok) process.exit(3);
}
