// One logger for the long-running parts of Gatehouse (`serve`, the app's HTTP services).
// It is injected, never imported as a global, so a test or the app can give its own,
// and it knows nothing of HTTP: a caller passes a message and flat fields.
//
// Two formats: `text` (one human line on stderr, as `gatehouse: …` always read) and
// `json` (one JSON object per line, for a log collector). Callers never pass a secret;
// as a second line of defence every string is scrubbed of the shapes Gatehouse's
// secrets take (API keys, JWTs, Authorization values, token query parameters, cookies).

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFormat = 'json' | 'text';
export type LogValue = string | number | boolean | null | undefined;
export type LogFields = Readonly<Record<string, LogValue>>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** Whether a line at `level` is written: skip building a costly one that is not. */
  enabled(level: LogLevel): boolean;
}

export interface LoggerOptions {
  format: LogFormat;
  /** Lines below this level are dropped. Default `info`. */
  level?: LogLevel;
  /** Receives one complete line, newline included. */
  write: (line: string) => void;
  now?: () => Date;
  /** Who speaks in `text` lines: `gatehouse` (default), or `gatehouse guard` for the guard. */
  name?: string;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const RESERVED = new Set(['time', 'level', 'msg']);

export function isLogLevel(v: string): v is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(v);
}

export function createLogger(opts: LoggerOptions): Logger {
  const min = RANK[opts.level ?? 'info'];
  const now = opts.now ?? (() => new Date());
  const name = opts.name ?? 'gatehouse';
  const line = opts.format === 'json' ? jsonLine : (time: Date, level: LogLevel, msg: string) => textLine(name, level, msg);
  const at = (level: LogLevel) => (msg: string, fields?: LogFields) => {
    if (RANK[level] < min) return;
    opts.write(line(now(), level, msg, fields));
  };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    enabled: (level) => RANK[level] >= min,
  };
}

/** Writes nothing: for tests and callers that were given no logger. */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  enabled: () => false,
};

/** Warnings and errors as text on stderr: what a command that was given no logger uses. */
export function stderrLogger(name?: string): Logger {
  return createLogger({ format: 'text', level: 'warn', name, write: (l) => process.stderr.write(l) });
}

function jsonLine(time: Date, level: LogLevel, msg: string, fields?: LogFields): string {
  const out: Record<string, LogValue> = { time: time.toISOString(), level, msg: redactSecrets(msg) };
  for (const [k, v] of Object.entries(fields ?? {})) {
    if (v === undefined || RESERVED.has(k)) continue;
    out[k] = typeof v === 'string' ? redactSecrets(v) : v;
  }
  return `${JSON.stringify(out)}\n`;
}

function textLine(name: string, level: LogLevel, msg: string): string {
  const prefix = level === 'warn' ? 'warning: ' : level === 'error' ? 'error: ' : '';
  // One event, one line: a message with a newline inside would read as two.
  return `${name}: ${prefix}${redactSecrets(msg).replace(/[\r\n]+/g, ' ')}\n`;
}

const SECRET_SHAPES: [RegExp, string][] = [
  // Gatehouse API keys: ghk_<id>_<secret>_<crc>.
  [/ghk_[A-Za-z0-9_-]+/g, 'ghk_[redacted]'],
  // JWTs (access tokens, ID tokens): three base64url parts, the first a JSON header.
  [/eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, '[redacted-jwt]'],
  // Authorization header values (anywhere: a word character before them is no reason to print one).
  // Spelled as clients send them (not /i: "a basic check" is a message, not a credential).
  [/(Bearer|bearer|BEARER|Basic|BASIC|DPoP)\s+[^\s,;"]+/g, '$1 [redacted]'],
  // Query or form parameters that carry a credential.
  [/((?:access_token|refresh_token|id_token|token|code|code_verifier|client_secret|password|secret|api_key|key)=)[^&\s"';]+/gi, '$1[redacted]'],
  // Cookies: the admin session and oidc-provider's.
  [/((?:gh_session|_session|_interaction|_interaction_resume|_session\.legacy)(?:\.sig)?=)[^;\s"]+/gi, '$1[redacted]'],
];

/** Replaces anything shaped like a Gatehouse secret. Cheap: a handful of linear regexes. */
export function redactSecrets(s: string): string {
  let out = s;
  for (const [shape, replacement] of SECRET_SHAPES) out = out.replace(shape, replacement);
  return out;
}
