// One injected logger (issue 16): what the core, the relay and the guard say at run time goes
// through the Logger they were given (levels, secret shapes redacted), not straight to stderr.
import { describe, expect, it } from 'vitest';
import { openCore } from '../../src-main/core';
import { createLogger } from '../../src-main/core/log';
import { Relay } from '../../src-main/core/mcp/relay';
import { StandingAccess } from '../../src-main/core/oauth/standing-access';
import { envKeyProviders, freshCores, masterKey, tmpDir } from '../helpers/core';
import { memoryLogger } from '../helpers/log';

const cores = freshCores();

function relayWith(log: ReturnType<typeof memoryLogger>['logger']) {
  const { core } = cores.open();
  const toClient: Buffer[] = [];
  const relay = new Relay({
    server: 'fs',
    enforcer: core.enforcer,
    authenticate: () => ({ ok: false, reason: 'unknown', message: 'no key' }),
    touch: () => undefined,
    toClient: (b) => toClient.push(b),
    toServer: () => undefined,
    maxMessageBytes: 1024,
    log,
  });
  return { relay, toClient };
}

describe('the injected logger', () => {
  it('hears what the relay drops from a server: a line that is not JSON, an answer nobody waits for', () => {
    const { logger, records } = memoryLogger('json');
    const { relay, toClient } = relayWith(logger);
    relay.fromServer(Buffer.from('{"id": not json'));
    relay.fromServer(Buffer.from('{"jsonrpc":"2.0","id":7,"result":{}}'));
    expect(toClient).toEqual([]);
    expect(records()).toMatchObject([
      { level: 'warn', event: 'server_not_json', server: 'fs' },
      { level: 'warn', event: 'late_answer', server: 'fs' },
    ]);
  });

  it("hears the core's audit writer when the database refuses the last events at close", () => {
    const t = tmpDir();
    const { logger, records } = memoryLogger('json');
    const core = openCore({ dataDir: t.dir, masterKeyProviders: envKeyProviders(masterKey()), log: logger });
    try {
      expect(core.log).toBe(logger);
      core.audit.record({ action: 'x' });
      core.db.pragma('query_only = ON');
      core.close();
      expect(records()).toMatchObject([{ level: 'error', event: 'audit_write_failed' }]);
    } finally {
      t.cleanup();
    }
  });

  it('hears the OAuth token ledger when it cannot count issued tokens', () => {
    const { core } = cores.open();
    const { logger, records } = memoryLogger('json');
    const standing = new StandingAccess(core.db, logger);
    core.db.pragma('query_only = ON');
    standing.recordIssued({ jti: 'j1', clientId: 'c', grantId: 'g', expEpoch: 1 });
    standing.flush();
    core.db.pragma('query_only = OFF');
    expect(records()).toMatchObject([{ level: 'warn', event: 'oauth_ledger_failed', tokens: 1 }]);
  });

  it("speaks as the guard in the guard's text lines, and still never prints a key", () => {
    const lines: string[] = [];
    const log = createLogger({ format: 'text', name: 'gatehouse guard', write: (l) => lines.push(l) });
    log.warn('the API key ghk_abcdefgh_0123456789abcdefghijklmnopqrstuv_abc123 was refused');
    expect(lines).toEqual(['gatehouse guard: warning: the API key ghk_[redacted] was refused\n']);
  });
});
