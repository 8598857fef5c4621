// The desktop app's notices of sign-ins waiting for approval, with a fake admin API and
// a fake Electron Notification.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AdminApi } from '../../src-main/api';
import { watchPendingConsents, type ConsentNotifier, type NotificationCtor } from '../../src-main/app/consent-notifier';

const request = (uid: string, over: Record<string, unknown> = {}) => ({
  uid,
  clientId: `client-${uid}`,
  clientName: null as string | null,
  redirectUri: 'http://127.0.0.1:5555/callback',
  resources: ['http://127.0.0.1:7337/mcp/everything', 'http://127.0.0.1:7337/mcp/files'],
  scopes: ['mcp:everything', 'mcp:files'],
  createdAt: null,
  expiresAt: null,
  decision: null as string | null,
  ...over,
});

function fakes(supported = true) {
  const shown: Array<{ title: string; body: string; click: () => void }> = [];
  class N {
    static isSupported = () => supported;
    private click: () => void = () => undefined;
    constructor(private readonly o: { title: string; body: string }) {}
    on(_e: 'click', l: () => void) {
      this.click = l;
      return this;
    }
    show() {
      shown.push({ ...this.o, click: () => this.click() });
    }
  }
  let answer: { data: unknown } | { error: { code: string; message: string } } = { data: [] };
  const api: AdminApi = { dispatch: vi.fn(async () => answer) as AdminApi['dispatch'] };
  return { shown, Notification: N as unknown as NotificationCtor, api, set: (a: typeof answer) => (answer = a) };
}

let notifier: ConsentNotifier | undefined;
afterEach(() => notifier?.stop());

describe('watchPendingConsents', () => {
  it('notifies once per request waiting for an answer, naming the app and its servers', async () => {
    const f = fakes();
    const open = vi.fn();
    const changed = vi.fn();
    f.set({ data: [request('a', { clientName: 'Cursor' })] });
    notifier = watchPendingConsents({ api: f.api, Notification: f.Notification, open, changed, intervalMs: 60_000 });
    await notifier.check();
    await notifier.check();
    expect(f.shown.map((n) => [n.title, n.body])).toEqual([['Sign-in waiting for approval', 'Cursor asks for everything, files. Open Gatehouse to allow or deny it.']]);
    expect(f.api.dispatch).toHaveBeenCalledWith('oauth.consents.pending', {}, { actor: 'desktop' });
    f.set({ data: [request('a', { clientName: 'Cursor' }), request('b')] });
    await notifier.check();
    expect(f.shown.map((n) => n.body)).toEqual([
      'Cursor asks for everything, files. Open Gatehouse to allow or deny it.',
      'client-b asks for everything, files. Open Gatehouse to allow or deny it.',
    ]);
    expect(notifier.waiting()).toBe(2);
    expect(changed.mock.calls).toEqual([[1], [2]]);
    f.shown[1]!.click();
    expect(open).toHaveBeenCalledTimes(1);
  });

  it('does not count or announce a request already answered in the window or the CLI', async () => {
    const f = fakes();
    const changed = vi.fn();
    f.set({ data: [request('a', { decision: 'allow' })] });
    notifier = watchPendingConsents({ api: f.api, Notification: f.Notification, open: vi.fn(), changed, intervalMs: 60_000 });
    await notifier.check();
    expect(f.shown).toEqual([]);
    expect(notifier.waiting()).toBe(0);
    expect(changed).not.toHaveBeenCalled();
  });

  it('counts down when requests end, and announces a request again only if it comes back', async () => {
    const f = fakes();
    const changed = vi.fn();
    f.set({ data: [request('a')] });
    notifier = watchPendingConsents({ api: f.api, Notification: f.Notification, open: vi.fn(), changed, intervalMs: 60_000 });
    await notifier.check();
    f.set({ data: [] });
    await notifier.check();
    expect(notifier.waiting()).toBe(0);
    expect(changed.mock.calls).toEqual([[1], [0]]);
    expect(f.shown).toHaveLength(1);
  });

  it('still counts without notifications on this desktop, and survives an API error', async () => {
    const f = fakes(false);
    f.set({ data: [request('a')] });
    notifier = watchPendingConsents({ api: f.api, Notification: f.Notification, open: vi.fn(), intervalMs: 60_000 });
    await notifier.check();
    expect(f.shown).toEqual([]);
    expect(notifier.waiting()).toBe(1);
    f.set({ error: { code: 'INTERNAL', message: 'database is locked' } });
    await expect(notifier.check()).resolves.toBeUndefined();
    expect(notifier.waiting()).toBe(1);
  });

  it('looks on its own every intervalMs', async () => {
    vi.useFakeTimers();
    try {
      const f = fakes();
      notifier = watchPendingConsents({ api: f.api, Notification: f.Notification, open: vi.fn(), intervalMs: 2000 });
      await vi.advanceTimersByTimeAsync(0);
      f.set({ data: [request('a')] });
      await vi.advanceTimersByTimeAsync(2000);
      expect(f.shown).toHaveLength(1);
      expect(f.api.dispatch).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
