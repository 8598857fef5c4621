// What the audit log keeps of tool arguments when the admin opts in: the shape, with
// anything that looks like a secret replaced. Names and values are both checked.
const SECRET_NAME = /pass(word|phrase)?|secret|token|api[-_]?key|auth|cookie|credential|session|bearer|private|signature/i;
const SECRET_VALUE = [
  /^ghk_[0-9A-Za-z_]{20,}$/, // Gatehouse keys
  /^(sk|pk|rk)[-_][A-Za-z0-9_-]{16,}$/, // common provider keys
  /^(ghp|gho|ghu|ghs|ghr|github_pat)_[A-Za-z0-9_]{20,}$/,
  /^xox[abprs]-[A-Za-z0-9-]{10,}$/,
  /^AKIA[0-9A-Z]{16}$/,
  /^eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/, // JWT
  /^Bearer\s+\S+$/i,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
];
export const REDACTED = '[redacted]';
const MAX_STRING = 500;
const MAX_DEPTH = 8;

function looksSecret(value: string): boolean {
  if (SECRET_VALUE.some((re) => re.test(value))) return true;
  // Long unbroken high-entropy tokens (hex or base64 runs of 32+ chars with mixed classes).
  return /^[A-Za-z0-9+/_=-]{32,}$/.test(value) && /[0-9]/.test(value) && /[A-Za-z]/.test(value) && !/\s/.test(value);
}

export function redact(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return '[…]';
  if (typeof value === 'string') {
    if (looksSecret(value)) return REDACTED;
    return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
  }
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => redact(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value).slice(0, 100)) {
      out[k] = SECRET_NAME.test(k) && v !== null && typeof v !== 'boolean' && typeof v !== 'number' ? REDACTED : redact(v, depth + 1);
    }
    return out;
  }
  return value;
}
