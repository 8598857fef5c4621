import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLogger, redactSecrets } from '../../src-main/core/log';
import { memoryLogger } from '../helpers/log';

const b64url = fc.stringMatching(/^[A-Za-z0-9_-]{16,64}$/);

describe('logger', () => {
  it('writes one JSON object per line with time, level and message; fields after them, undefined ones left out', () => {
    const lines: string[] = [];
    const log = createLogger({ format: 'json', write: (l) => lines.push(l), now: () => new Date('2026-01-02T03:04:05.000Z') });
    log.info('ready', { event: 'ready', port: 7337, ok: true, gone: undefined, level: 'spoofed', msg: 'spoofed' });
    expect(lines).toEqual(['{"time":"2026-01-02T03:04:05.000Z","level":"info","msg":"ready","event":"ready","port":7337,"ok":true}\n']);
  });

  it('drops lines below its level and says which levels it writes', () => {
    const { logger, records } = memoryLogger('json', 'warn');
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(records().map((r) => r.level)).toEqual(['warn', 'error']);
    expect([logger.enabled('info'), logger.enabled('warn')]).toEqual([false, true]);
  });

  it('as text, writes one "gatehouse:" line per event, with the level for warnings and errors, newlines flattened', () => {
    const { logger, lines } = memoryLogger('text');
    logger.info('started', { port: 1 });
    logger.warn('two\nlines');
    logger.error('failed');
    expect(lines).toEqual(['gatehouse: started\n', 'gatehouse: warning: two lines\n', 'gatehouse: error: failed\n']);
  });

  it('never writes a value shaped like a Gatehouse secret, in the message or a field, in either format', () => {
    const secret = fc.oneof(
      b64url.map((s) => `ghk_${s.slice(0, 8)}_${s}_abc123`),
      fc.tuple(b64url, b64url, b64url).map(([a, b, c]) => `eyJ${a}.${b}.${c}`),
      b64url.map((s) => `Bearer ${s}`),
      b64url.map((s) => `Basic ${s}`),
      fc.tuple(fc.constantFrom('token', 'access_token', 'code', 'client_secret', 'refresh_token'), b64url).map(([k, v]) => `/x?${k}=${v}`),
      fc.tuple(fc.constantFrom('gh_session', '_session', '_session.sig', '_interaction.sig'), b64url).map(([k, v]) => `${k}=${v}`),
    );
    fc.assert(
      fc.property(fc.string(), secret, fc.string(), fc.constantFrom('json' as const, 'text' as const), (before, s, after, format) => {
        const { logger, lines } = memoryLogger(format);
        logger.error(`${before} ${s} ${after}`, { detail: `${before}${s}` });
        const tail = s.replace(/^(ghk_|eyJ|Bearer |Basic |\/x\?\w+=|[\w.]+=)/, '');
        expect(lines.join('')).not.toContain(tail);
      }),
    );
  });

  it('keeps what is not a secret readable', () => {
    expect(redactSecrets('GET /mcp/everything 200 3 ms from 203.0.113.7')).toBe('GET /mcp/everything 200 3 ms from 203.0.113.7');
    expect(redactSecrets('key key_ab12 revoked; token expired')).toBe('key key_ab12 revoked; token expired');
    expect(redactSecrets('a basic check failed')).toBe('a basic check failed');
  });
});
