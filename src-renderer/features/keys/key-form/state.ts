// The key form's state and how it maps to permission rules, both ways. Pure: the
// per-step components only render it. A server's section holds one pick per kind of
// capability ("tools" today); resources and prompts join as further kinds once the
// policy covers them, without changing the shape of a section.
import type { Rule } from '../../../../src-preload/contract';
import type { CatalogServer } from '../../../../src-preload/rule-coverage';
import { splitPattern } from '../../../../src-preload/rule-pattern';
import type { ExpiryChoice } from '../choices';

/** Everything (`server:*`, later tools included) or some named ones. */
export interface CapabilityPick {
  mode: 'all' | 'some';
  names: string[];
}

export interface ServerPick {
  tools: CapabilityPick;
}

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

const hasGlob = (s: string) => /[*?]/.test(s);

/** The rules the form stands for: each server's picks, then the patterns as typed. */
export function toRules(state: KeyFormState): Rule[] {
  const rules: Rule[] = [];
  for (const [server, pick] of Object.entries(state.servers)) {
    if (pick.tools.mode === 'all') rules.push({ effect: 'allow', pattern: `${server}:*` });
    else for (const t of pick.tools.names) rules.push({ effect: 'allow', pattern: `${server}:${t}` });
  }
  for (const p of state.patterns) {
    const pattern = p.pattern.trim();
    if (pattern) rules.push({ effect: p.effect, pattern });
  }
  return rules;
}

/** Where a rule goes in the form: a server's pick when the picker can show it, else the patterns. */
function placeRule(r: Rule, known: Map<string, CatalogServer>): { server: string; tool: string } | null {
  if (r.effect !== 'allow') return null;
  const [server, tool] = splitPattern(r.pattern);
  const s = known.get(server);
  if (!s || hasGlob(server)) return null;
  if (tool === '*') return { server, tool };
  if (hasGlob(tool) || !(s.tools ?? []).includes(tool)) return null;
  return { server, tool };
}

/** A key's rules as the form shows them (editing): exact allows and `server:*` become picks. */
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
    const pick = (servers[place.server] ??= { tools: { mode: 'some', names: [] } });
    if (place.tool === '*') pick.tools = { mode: 'all', names: [] };
    else if (pick.tools.mode === 'some' && !pick.tools.names.includes(place.tool)) pick.tools.names.push(place.tool);
  }
  return { servers, patterns };
}

export type Preset = 'read-only' | 'everything' | 'nothing';

export function applyPreset(preset: Preset, readOnly: readonly string[]): CapabilityPick {
  if (preset === 'everything') return { mode: 'all', names: [] };
  return { mode: 'some', names: preset === 'read-only' ? [...readOnly] : [] };
}

/** Ticks or unticks one tool; from "everything", unticking keeps every other known tool. */
export function toggleName(pick: CapabilityPick, name: string, on: boolean, all: readonly string[]): CapabilityPick {
  const names = pick.mode === 'all' ? [...all] : pick.names;
  const next = on ? (names.includes(name) ? names : [...names, name]) : names.filter((n) => n !== name);
  return { mode: 'some', names: next };
}

export type FormErrors = Partial<Record<'name' | 'rateLimit', string>> & { patterns?: Record<number, string> };

const RULE_SHAPE = /^[^:\s]+:[^\s]+$/;

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
    if (!RULE_SHAPE.test(t) || t.length < 3 || t.length > 300) bad[p.id] = 'A pattern is SERVER:TOOLGLOB, for example fs:read_* or *:*';
  }
  if (Object.keys(bad).length) errors.patterns = bad;
  return errors;
}

export const hasErrors = (e: FormErrors) => Boolean(e.name || e.rateLimit || e.patterns);
