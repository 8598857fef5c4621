// The Electron binding of the admin API: one `ipcMain.handle` per contract method,
// on the channel the contract derives. A call is answered only when it comes from
// a frame of the app's own origin; everything is then handed to `api.dispatch`,
// which parses the input (it is `unknown` until then).
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { channelOf, methods, type Envelope } from '../../src-preload/contract';
import type { AdminApi } from '../api';

type SenderEvent = Pick<IpcMainInvokeEvent, 'senderFrame'>;

export function bindIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  api: AdminApi,
  isAppUrl: (url: string) => boolean,
): () => void {
  for (const method of methods) {
    ipcMain.handle(channelOf(method), async (event: SenderEvent, input: unknown): Promise<Envelope<unknown>> => {
      const url = event.senderFrame?.url ?? '';
      if (!isAppUrl(url)) {
        return { error: { code: 'FORBIDDEN', message: 'this admin call did not come from the Gatehouse window' } };
      }
      try {
        return await api.dispatch(method, input, { actor: 'desktop' });
      } catch {
        return { error: { code: 'INTERNAL', message: 'internal error; see the Gatehouse log for details' } };
      }
    });
  }
  return () => {
    for (const method of methods) ipcMain.removeHandler(channelOf(method));
  };
}
