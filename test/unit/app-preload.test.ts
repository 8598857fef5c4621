// The preload exposes exactly the contract's method names, each invoking its own channel.
import { beforeAll, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn(async (channel: string, input: unknown) => ({ data: { channel, input } })) },
}));
vi.mock('electron', () => electron);

import { channelOf, contract, methods } from '../../src-preload/contract';
import { methodNames } from '../../src-preload/methods';

let exposed: Record<string, unknown>;

beforeAll(async () => {
  await import('../../src-preload/index');
  expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  const [key, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0]!;
  expect(key).toBe('gatehouse');
  exposed = api as Record<string, unknown>;
});

describe('preload bridge', () => {
  it('exposes exactly the contract methods and nothing else', () => {
    expect(Object.keys(exposed).sort()).toEqual(Object.keys(contract).sort());
    for (const value of Object.values(exposed)) expect(typeof value).toBe('function');
    for (const forbidden of ['invoke', 'send', 'on', 'ipcRenderer', 'sendSync']) {
      expect(exposed, forbidden).not.toHaveProperty(forbidden);
    }
    expect(Object.isFrozen(exposed)).toBe(true);
  });

  it('each method invokes its own channel with the input, and returns the envelope', async () => {
    for (const m of methods) {
      const input = { probe: m };
      const out = await (exposed[m] as (i: unknown) => Promise<unknown>)(input);
      expect(out).toEqual({ data: { channel: channelOf(m), input } });
    }
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledTimes(methods.length);
  });

  it('the zod-free name list is the contract, in both directions', () => {
    expect([...methodNames].sort()).toEqual(Object.keys(contract).sort());
    expect([...methods].sort()).toEqual(Object.keys(contract).sort());
  });
});
