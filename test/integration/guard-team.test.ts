// The guard in team mode when PostgreSQL is out of reach: the client app still gets an MCP
// answer that names the cause and the fix (with the database's password redacted), not a
// server that disconnects at start.
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { masterKey, tmpDir } from '../helpers/core';
import { RawGuard } from './guard-harness';

/** A loopback port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((res) => srv.listen(0, '127.0.0.1', res));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((res) => srv.close(() => res()));
  return port;
}

describe('gatehouse guard on a database out of reach', () => {
  const t = tmpDir('gatehouse-guard-team-');
  afterAll(() => t.cleanup());

  it('answers every request with DATABASE_UNAVAILABLE and the fix, never prints the password, and ends when stdin closes', async () => {
    const url = `postgres://gatehouse:s3cret-pw@127.0.0.1:${await closedPort()}/gatehouse`;
    const env = { GATEHOUSE_DATA_DIR: t.dir, GATEHOUSE_MASTER_KEY: masterKey(), GATEHOUSE_DATABASE_URL: url };
    const g = new RawGuard({ env: (key) => ({ ...(process.env as Record<string, string>), ...env, ...(key ? { GATEHOUSE_API_KEY: key } : {}) }) }, 'echo', [], 'gh_whatever');
    g.request(1, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } });
    const first = await g.answer(1);
    g.request(2, 'tools/list', {});
    const second = await g.answer(2);
    for (const a of [first, second]) {
      expect(a.error?.data?.code).toBe('DATABASE_UNAVAILABLE');
      expect(a.error?.message).toMatch(/cannot open the database postgres:\/\/gatehouse:\*\*\*@127\.0\.0\.1:\d+\/gatehouse/);
      expect(a.error?.message).toContain('check --database-url (or GATEHOUSE_DATABASE_URL) and that PostgreSQL is up');
    }
    g.proc.stdin.end();
    expect((await g.exited).code).toBe(0);
    expect(`${JSON.stringify(g.answers)}${g.stderr}`).not.toContain('s3cret-pw');
  });
});
