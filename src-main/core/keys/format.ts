import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';

// ghk_<lookup id>_<secret>_<checksum>
// - the prefix lets secret scanners recognise a leaked key;
// - the lookup id finds the row without touching the secret;
// - the secret is 43 base62 characters: 256 bits;
// - the checksum (CRC-32 of everything before it) catches a mistyped key offline.
export const KEY_PREFIX = 'ghk_';
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const LOOKUP_LEN = 12;
export const SECRET_LEN = 43;
export const CHECKSUM_LEN = 6;
const KEY_RE = new RegExp(
  `^${KEY_PREFIX}([0-9A-Za-z]{${LOOKUP_LEN}})_([0-9A-Za-z]{${SECRET_LEN}})_([0-9A-Za-z]{${CHECKSUM_LEN}})$`,
);

/** Uniform base62 characters by rejection sampling (no modulo bias). */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248) out += ALPHABET[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

function base62Fixed(n: number, width: number): string {
  let out = '';
  let v = n >>> 0;
  for (let i = 0; i < width; i++) {
    out = ALPHABET[v % 62] + out;
    v = Math.floor(v / 62);
  }
  return out;
}

function checksum(body: string): string {
  return base62Fixed(crc32(body), CHECKSUM_LEN);
}

export interface NewKey {
  lookupId: string;
  key: string;
}

export function generateKey(): NewKey {
  const lookupId = randomBase62(LOOKUP_LEN);
  const body = `${KEY_PREFIX}${lookupId}_${randomBase62(SECRET_LEN)}`;
  return { lookupId, key: `${body}_${checksum(body)}` };
}

export type ParsedKey = { ok: true; lookupId: string } | { ok: false; reason: 'malformed' | 'checksum' };

export function parseKey(key: string): ParsedKey {
  const m = KEY_RE.exec(key);
  if (!m) return { ok: false, reason: 'malformed' };
  const body = key.slice(0, key.length - CHECKSUM_LEN - 1);
  if (checksum(body) !== m[3]) return { ok: false, reason: 'checksum' };
  return { ok: true, lookupId: m[1]! };
}

/** What the UI shows of a key: `ghk_ab12`. */
export function displayPrefix(lookupId: string): string {
  return `${KEY_PREFIX}${lookupId.slice(0, 4)}`;
}

export function newKeyId(): string {
  return `key_${randomBase62(16)}`;
}
