// The key form's state and how it maps to permission rules, both ways. Pure: the
// per-step components only render it. A server's section holds one pick per kind of
// capability (tools, resources, prompts), each written as rules of its own kind.
import type { Rule } from '../../../../src-preload/contract';
import { namesOf, type CatalogServer } from '../../../../src-shared/model/rule-coverage';
import { capabilities, formatPattern, parsePattern, patternProblem, type Capability } from '../../../../src-shared/model/rule-pattern';
import { templateGlob } from '../../permissions/rule-logic';
import type { ExpiryChoice } from '../choices';

/** Everything of its kind (`server:*`, later ones included) or some named ones. */
export interface CapabilityPick {
  mode: 'all' | 'some';
  /** What each exact rule matches: a tool's or prompt's name, a resource's URI, a template's glob. */
  names: string[];
}

export type ServerPick = Record<Capability, CapabilityPick>;

export interface PatternRow {
  id: number;
  effect: Rule['effect'];
  pattern: string;
}

export interface KeyFormState {
  name: string;
  description: string;
  /** Chosen servers, by name, in the order they were chosen. */
  servers: Record<string, ServerPick>;
  /** Rules the picker does not express: globs, denies, servers not registered. */
  patterns: PatternRow[];
  rateMode: 'default' | 'custom';
  rateLimit: string;
  rateWindow: 'second' | 'minute' | 'hour';
  /** 'keep': an edited key keeps its expiry. */
  expiry: ExpiryChoice | 'keep';
}

let nextId = 1;
export const newPatternRow = (effect: Rule['effect'] = 'allow', pattern = ''): PatternRow => ({ id: nextId++, effect, pattern });

export function emptyForm(): KeyFormState {
  return { name: '', description: '', servers: {}, patterns: [], rateMode: 'default', rateLimit: '60', rateWindow: 'minute', expiry: '30d' };
}

const none = (): CapabilityPick => ({ mode: 'some', names: [] });
const all = (): CapabilityPick => ({ mode: 'all', names: [] });
export const emptyPick = (): ServerPick => ({ tool: none(), resource: none(), prompt: none() });

/**
 * What a picked item is called in its exact rule: a resource template by the glob of the
 * URIs it expands to (`{var}` as `*`, as the Permissions screen writes it), else its name.
 */
export const pickId = (kind: Capability, name: string): string => (kind === 'resource' ? templateGlob(name) : name);

/** The rules the form stands for: each server's picks, then the patterns as typed. */
export function toRules(state: KeyFormState): Rule[] {
  const rules: Rule[] = [];
  for (const [server, pick] of Object.entries(state.servers)) {
    for (const kind of capabilities) {
      const p = pick[kind];
      if (p.mode === 'all') rules.push({ effect: 'allow', pattern: formatPattern(server, kind, '*') });
      else for (const name of p.names) rules.push({ effect: 'allow', pattern: formatPattern(server, kind, name) });
    }
  }
  for (const p of state.patterns) {
    const pattern = p.pattern.trim();
    if (pattern) rules.push({ effect: p.effect, pattern });
  }
  return rules;
}

/** Where a rule goes in the form: a server's pick when the picker can show it, else the patterns. */
function placeRule(r: Rule, known: Map<string, CatalogServer>): { server: string; kind: Capability; name: string } | null {
  if (r.effect !== 'allow') return null;
  const { server, kind, glob } = parsePattern(r.pattern);
  const s = known.get(server);
  // The spelling must be the one the picker writes (`fs:tool:x` stays a pattern as typed).
  if (!s || formatPattern(server, kind, glob) !== r.pattern) return null;
  if (glob === '*') return { server, kind, name: glob };
  return (namesOf(s, kind) ?? []).some((n) => pickId(kind, n) === glob) ? { server, kind, name: glob } : null;
}

/** A key's rules as the form shows them (editing): exact allows and `server:*` (per kind) become picks. */
export function fromRules(rules: readonly Rule[], catalog: readonly CatalogServer[]): Pick<KeyFormState, 'servers' | 'patterns'> {
  const known = new Map(catalog.map((s) => [s.name, s]));
  const servers: Record<string, ServerPick> = {};
  const patterns: PatternRow[] = [];
  for (const r of rules) {
    const place = placeRule(r, known);
    if (!place) {
      patterns.push(newPatternRow(r.effect, r.pattern));
      continue;
    }
    const pick = (servers[place.server] ??= emptyPick());
    const p = pick[place.kind];
    if (place.name === '*') pick[place.kind] = all();
    else if (p.mode === 'some' && !p.names.includes(place.name)) p.names.push(place.name);
  }
  return { servers, patterns };
}

export type Preset = 'read-only' | 'everything' | 'nothing';

/**
 * A preset's picks for one server. Read-only: the tools the server marks read-only, and
 * its resources and prompts (reading or getting one changes nothing); Everything: every
 * tool, resource and prompt, later ones too (as the Permissions screen's presets).
 */
export function applyPreset(preset: Preset, readOnly: readonly string[]): ServerPick {
  if (preset === 'everything') return { tool: all(), resource: all(), prompt: all() };
  if (preset === 'read-only') return { tool: { mode: 'some', names: [...readOnly] }, resource: all(), prompt: all() };
  return emptyPick();
}

const samePick = (a: CapabilityPick, b: CapabilityPick) =>
  a.mode === b.mode && a.names.length === b.names.length && a.names.every((n) => b.names.includes(n));

/** The preset a server's picks amount to, if any. */
export function activePreset(pick: ServerPick, readOnly: readonly string[]): Preset | null {
  const presets: Preset[] = ['everything', 'read-only', 'nothing'];
  return presets.find((p) => capabilities.every((k) => samePick(pick[k], applyPreset(p, readOnly)[k]))) ?? null;
}

/** Ticks or unticks one item; from "everything", unticking keeps every other known item. */
export function toggleName(pick: CapabilityPick, name: string, on: boolean, all: readonly string[]): CapabilityPick {
  const names = pick.mode === 'all' ? [...all] : pick.names;
  const next = on ? (names.includes(name) ? names : [...names, name]) : names.filter((n) => n !== name);
  return { mode: 'some', names: next };
}

export type FormErrors = Partial<Record<'name' | 'rateLimit', string>> & { patterns?: Record<number, string> };

const sentence = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;

/** What blocks submitting, per field, in plain words. */
export function validate(state: KeyFormState): FormErrors {
  const errors: FormErrors = {};
  const name = state.name.trim();
  if (!name) errors.name = 'Give the key a name.';
  else if (name.length > 100) errors.name = 'At most 100 characters.';
  if (state.rateMode === 'custom') {
    const n = Number(state.rateLimit.trim());
    if (!/^\d+$/.test(state.rateLimit.trim()) || n < 1 || n > 1_000_000) errors.rateLimit = 'A whole number from 1 to 1,000,000.';
  }
  const bad: Record<number, string> = {};
  for (const p of state.patterns) {
    const t = p.pattern.trim();
    // The admin API's own check (src-preload/rule-schema), in its words.
    const problem = t.length > 300 ? 'a rule is at most 300 characters' : patternProblem(t);
    if (problem) bad[p.id] = sentence(problem.replace(/^a rule/, 'a pattern'));
  }
  if (Object.keys(bad).length) errors.patterns = bad;
  return errors;
}

export const hasErrors = (e: FormErrors) => Boolean(e.name || e.rateLimit || e.patterns);
