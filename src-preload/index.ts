// The sandboxed preload: exposes `window.gatehouse`, one named function per admin
// method of the contract and nothing else (no generic invoke, no ipcRenderer).
// It imports the zod-free name list so that the CommonJS preload bundle stays small;
// input is validated in the main process (api.dispatch), never trusted here.
import { contextBridge, ipcRenderer } from 'electron';
import type { Bridge } from './contract';
import { channelOf, methodNames } from './methods';

function buildBridge(invoke: (channel: string, input: unknown) => Promise<unknown>): Bridge {
  const bridge: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const method of methodNames) {
    const channel = channelOf(method);
    bridge[method] = (input: unknown) => invoke(channel, input);
  }
  return Object.freeze(bridge) as unknown as Bridge;
}

contextBridge.exposeInMainWorld(
  'gatehouse',
  buildBridge((channel, input) => ipcRenderer.invoke(channel, input)),
);
