// Masks secret values in a preview: every env and header value of every server entry
// (before and after the change) and the API key, wherever they appear quoted in the text.
import { tomlString } from './toml-write';

export const MASK = '••••••••';
const SECRET_MAPS = ['env', 'headers', 'http_headers', 'env_http_headers'];
const KEY_SHAPE = /ghk_[A-Za-z0-9_]{8,}/g;

/** The secret strings of a servers map: values under env/headers of each entry. */
export function secretsOf(entries: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const entry of Object.values(entries)) {
    if (!entry || typeof entry !== 'object') continue;
    for (const k of SECRET_MAPS) {
      const map = (entry as Record<string, unknown>)[k];
      if (!map || typeof map !== 'object') continue;
      for (const v of Object.values(map as Record<string, unknown>)) if (typeof v === 'string' && v !== '') out.push(v);
    }
    const bearer = (entry as Record<string, unknown>).bearer_token;
    if (typeof bearer === 'string' && bearer) out.push(bearer);
  }
  return out;
}

export function maskSecrets(text: string, secrets: Iterable<string>): string {
  const forms = new Set<string>();
  for (const s of secrets) {
    if (!s) continue;
    forms.add(JSON.stringify(s));
    forms.add(tomlString(s));
    if (!s.includes("'")) forms.add(`'${s}'`);
  }
  // Longest first, so a secret that contains another is masked whole.
  let out = text;
  for (const f of [...forms].sort((a, b) => b.length - a.length)) out = out.split(f).join(`"${MASK}"`);
  return out.replace(KEY_SHAPE, MASK);
}
