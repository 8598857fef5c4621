// ipc.ts: one handler per contract method; foreign frames refused; app frames dispatched.
import { describe, expect, it, vi } from 'vitest';
import { bindIpc } from '../../src-main/app/ipc';
import { appUrlMatcher, APP_ENTRY_URL } from '../../src-main/app/protocol';
import { channelOf, contract, methods } from '../../src-preload/contract';
import type { AdminApi } from '../../src-main/api';

type IpcHandler = (event: unknown, input: unknown) => Promise<unknown>;

function setup() {
  const handlers = new Map<string, IpcHandler>();
  const ipcMain = {
    handle: vi.fn((channel: string, h: IpcHandler) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, h);
    }),
    removeHandler: vi.fn((channel: string) => {
      handlers.delete(channel);
    }),
  };
  const api: AdminApi = { dispatch: vi.fn(async (method: string, input: unknown) => ({ data: { method, input } })) };
  const unbind = bindIpc(ipcMain as never, api, appUrlMatcher(APP_ENTRY_URL));
  return { handlers, ipcMain, api, unbind };
}

const frame = (url: string) => ({ senderFrame: { url } });

describe('bindIpc', () => {
  it('registers exactly one handler per contract method, on the derived channel', () => {
    const { handlers } = setup();
    expect([...handlers.keys()].sort()).toEqual(Object.keys(contract).map((m) => `gatehouse:${m}`).sort());
    for (const m of methods) expect(handlers.has(channelOf(m)), m).toBe(true);
  });

  it('dispatches calls from the app frame to the API as the desktop actor', async () => {
    const { handlers, api } = setup();
    const input = { id: 'key_abcdefgh' };
    const out = await handlers.get(channelOf('keys.get'))!(frame('app://gatehouse/index.html#/keys'), input);
    expect(out).toEqual({ data: { method: 'keys.get', input } });
    expect(api.dispatch).toHaveBeenCalledWith('keys.get', input, { actor: 'desktop' });
  });

  it('refuses calls from foreign or missing sender frames without touching the API', async () => {
    const { handlers, api } = setup();
    for (const event of [
      frame('https://evil.example/'),
      frame('app://other/index.html'),
      frame('file:///tmp/x.html'),
      frame('http://localhost:5173/'),
      frame(''),
      { senderFrame: null },
      {},
    ]) {
      const out = await handlers.get(channelOf('keys.reveal'))!(event, { id: 'key_abcdefgh' });
      expect(out, JSON.stringify(event)).toEqual({ error: { code: 'FORBIDDEN', message: expect.any(String) } });
    }
    expect(api.dispatch).not.toHaveBeenCalled();
  });

  it('turns a throwing API into an INTERNAL error envelope', async () => {
    const { handlers, api } = setup();
    vi.mocked(api.dispatch).mockRejectedValueOnce(new Error('/secret/path exploded'));
    const out = await handlers.get(channelOf('keys.list'))!(frame(APP_ENTRY_URL), {});
    expect(out).toEqual({ error: { code: 'INTERNAL', message: expect.not.stringContaining('/secret') } });
  });

  it('removes every handler on shutdown', () => {
    const { handlers, ipcMain, unbind } = setup();
    unbind();
    expect(handlers.size).toBe(0);
    expect(ipcMain.removeHandler).toHaveBeenCalledTimes(methods.length);
  });
});
