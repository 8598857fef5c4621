// The adapter keeps Client rows a second per connection (the token endpoint reads its
// client on every request): writes in this process show at once, another process's
// as soon as the connection's change clock moves, and an expired row is never served from the cache.
import { describe, expect, it, vi } from 'vitest';
import { forgetClientRow, storeAdapterClass } from '../../src-main/core/oauth/adapter';
import { freshCores, openTestCore } from '../helpers/core';

const cores = freshCores();

/** An adapter of `model` here and one in another process's core on the same data dir. */
function hereAndThere(model: string) {
  const { core, key, dir } = cores.open();
  const other = openTestCore(dir, key).core;
  cores.later(() => other.close());
  return { core, here: new (storeAdapterClass(core.db, core.vault))(model), there: new (storeAdapterClass(other.db, other.vault))(model) };
}

describe('OAuth adapter: Client rows kept a second', () => {
  it('shows this process\'s writes at once: a new secret, a destroyed client', async () => {
    const { core } = cores.open();
    const Adapter = storeAdapterClass(core.db, core.vault);
    const providerSide = new Adapter('Client');
    const adminSide = new (storeAdapterClass(core.db, core.vault))('Client');
    await adminSide.upsert('c1', { client_id: 'c1', client_secret: 'old-secret' });
    expect((await providerSide.find('c1'))?.client_secret).toBe('old-secret');
    await adminSide.upsert('c1', { client_id: 'c1', client_secret: 'new-secret' });
    expect((await providerSide.find('c1'))?.client_secret).toBe('new-secret');
    await adminSide.destroy('c1');
    expect(await providerSide.find('c1')).toBeUndefined();
  });

  it('sees another process\'s change within the change clock\'s 100 ms, or at once when told to forget', async () => {
    const { core, here, there } = hereAndThere('Client');
    await there.upsert('c2', { client_id: 'c2', client_secret: 'first' });
    expect((await here.find('c2'))?.client_secret).toBe('first');
    await there.upsert('c2', { client_id: 'c2', client_secret: 'second' });
    // The old row may answer until the connection's change clock moves (100 ms), not after.
    await expect.poll(async () => (await here.find('c2'))?.client_secret, { timeout: 500, interval: 20 }).toBe('second');
    await there.destroy('c2');
    forgetClientRow(core.db, 'c2');
    expect(await here.find('c2')).toBeUndefined();
  });

  it('never serves an expired client from the cache', async () => {
    const { core } = cores.open();
    const adapter = new (storeAdapterClass(core.db, core.vault))('Client');
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      await adapter.upsert('c3', { client_id: 'c3' }, 1);
      expect(await adapter.find('c3')).toBeDefined();
      vi.advanceTimersByTime(1100);
      expect(await adapter.find('c3')).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it('other models are read fresh every time', async () => {
    const { here, there } = hereAndThere('Grant');
    await there.upsert('g1', { jti: 'g1', accountId: 'a' });
    expect(await here.find('g1')).toMatchObject({ accountId: 'a' });
    await there.destroy('g1');
    expect(await here.find('g1')).toBeUndefined();
  });
});
