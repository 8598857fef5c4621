// A remote upstream's OAuth refresh runs once per server at a time: requests refused
// together share it. A server that rotates refresh tokens refuses the second use of one,
// and that refusal wiped the admin's sign-in (a stateless client's call and its
// subscriptions/listen both got a 401 at once).
import { describe, expect, it } from 'vitest';
import type { Head } from '../../src-main/core/mcp/http1';
import { RemoteHttp } from '../../src-main/core/mcp/remote-http';

/** A RemoteHttp of `server` whose refresh (the SDK's auth()) is counted and finished by the test. */
function upstream(server: string) {
  const http = Object.create(RemoteHttp.prototype) as RemoteHttp & { server: string };
  Object.defineProperty(http, 'server', { value: server });
  const finishers: ((ok: boolean) => void)[] = [];
  (http as unknown as { refresh: () => Promise<boolean> }).refresh = () => new Promise<boolean>((resolve) => finishers.push(resolve));
  return { http, finishers };
}

const head = { status: 401, headers: {} } as unknown as Head;

describe('RemoteHttp.reauthorize', () => {
  it('refreshes once for requests refused together, across sessions of one server, and again after it finished', async () => {
    const a = upstream('shared');
    const b = upstream('shared');
    const first = a.http.reauthorize(head);
    const second = b.http.reauthorize(head); // another session (or pool slot) of the same server
    expect(a.finishers.length + b.finishers.length).toBe(1);
    a.finishers[0]!(true);
    expect(await Promise.all([first, second])).toEqual([true, true]);
    const later = a.http.reauthorize(head);
    expect(a.finishers).toHaveLength(2);
    a.finishers[1]!(false);
    expect(await later).toBe(false);
  });

  it('refreshes each server on its own', () => {
    const a = upstream('one');
    const b = upstream('two');
    void a.http.reauthorize(head);
    void b.http.reauthorize(head);
    expect(a.finishers).toHaveLength(1);
    expect(b.finishers).toHaveLength(1);
    a.finishers[0]!(true);
    b.finishers[0]!(true);
  });
});
