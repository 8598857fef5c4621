// Tells the user when an MCP app waits for a sign-in approval: in the desktop app the
// answer is given in the window, which may be closed (the app is in the tray) or behind
// the browser that shows "Waiting for approval". One notification per request; a click
// brings the window forward. The tray menu shows how many are waiting.
import type * as Electron from 'electron';
import type { AdminApi } from '../api';
import type { OAuthPendingConsent } from '../../src-preload/contract-oauth';
import { stderrLogger, type Logger } from '../core/log';

export type NotificationCtor = (new (options: Electron.NotificationConstructorOptions) => Pick<Electron.Notification, 'show' | 'on'>) & {
  isSupported(): boolean;
};

export interface ConsentNotifierOptions {
  api: AdminApi;
  Notification?: NotificationCtor;
  /** Brings the window forward (a click on a notification). */
  open(): void;
  /** The number waiting changed (the tray's menu line). */
  changed?(waiting: number): void;
  intervalMs?: number;
  log?: Logger;
}

export interface ConsentNotifier {
  /** Unanswered requests at the last look. */
  waiting(): number;
  /** One look now (the timer does this every intervalMs). */
  check(): Promise<void>;
  stop(): void;
}

const serverOf = (resource: string) => /\/mcp\/([^/?#]+)$/.exec(resource)?.[1] ?? resource;

export function watchPendingConsents(opts: ConsentNotifierOptions): ConsentNotifier {
  const told = new Set<string>();
  let waiting = 0;
  let busy = false;

  async function check(): Promise<void> {
    if (busy) return;
    busy = true;
    try {
      const res = await opts.api.dispatch('oauth.consents.pending', {}, { actor: 'desktop' });
      if ('error' in res) return;
      const open = (res.data as OAuthPendingConsent[]).filter((p) => p.decision === null);
      for (const uid of told) if (!open.some((p) => p.uid === uid)) told.delete(uid);
      for (const p of open) {
        if (told.has(p.uid)) continue;
        told.add(p.uid);
        notify(p);
      }
      if (open.length !== waiting) {
        waiting = open.length;
        opts.changed?.(waiting);
      }
    } catch (e) {
      (opts.log ?? stderrLogger()).warn(`could not look for sign-ins waiting for approval: ${e instanceof Error ? e.message : String(e)}`, { event: 'consent_poll_failed' });
    } finally {
      busy = false;
    }
  }

  function notify(p: OAuthPendingConsent): void {
    const N = opts.Notification;
    if (!N?.isSupported()) return;
    const servers = p.resources.map(serverOf).join(', ');
    const n = new N({
      title: 'Sign-in waiting for approval',
      body: `${p.clientName ?? p.clientId} asks for ${servers || 'access'}. Open Gatehouse to allow or deny it.`,
    });
    n.on('click', () => opts.open());
    n.show();
  }

  const timer = setInterval(() => void check(), opts.intervalMs ?? 2000);
  timer.unref?.();
  void check();
  return { waiting: () => waiting, check, stop: () => clearInterval(timer) };
}
