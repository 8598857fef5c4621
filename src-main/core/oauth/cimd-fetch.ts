// The fetch oidc-provider uses for Client ID Metadata Documents: https only, no
// redirects, a time and a size limit, and no loopback, private, link-local or other
// special-use address (checked on every resolved address and on the connected socket),
// unless the admin allows it. The document itself is someone else's input: SSRF.
import { lookup, type LookupAddress } from 'node:dns';
import { request } from 'node:https';
import { BlockList, isIP } from 'node:net';

const special = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) special.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128], ['::1', 128], ['::ffff:0:0', 96], ['64:ff9b::', 96], ['100::', 64], ['2001:db8::', 32],
  ['fc00::', 7], ['fe80::', 10], ['ff00::', 8],
] as const) special.addSubnet(net, bits, 'ipv6');

export function isSpecialUseAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return special.check(mapped[1]!, 'ipv4');
  return special.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export interface GuardedFetchOptions {
  allowPrivate: () => boolean;
  maxBytes?: number;
  timeoutMs?: number;
}

interface FetchInit {
  method?: string;
  headers?: HeadersInit;
  signal?: AbortSignal;
}

export function guardedFetch(opts: GuardedFetchOptions): (url: string | URL, init?: FetchInit) => Promise<Response> {
  const maxBytes = opts.maxBytes ?? 64 * 1024;
  const timeoutMs = opts.timeoutMs ?? 3000;
  return (url, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const target = new URL(String(url));
      if (target.protocol !== 'https:') return reject(new Error('only https URLs are fetched'));
      const allowPrivate = opts.allowPrivate();
      const host = target.hostname.replace(/^\[|\]$/g, '');
      if (isIP(host) && !allowPrivate && isSpecialUseAddress(host)) return reject(new Error('address not allowed'));
      const headers: Record<string, string> = {};
      new Headers(init.headers).forEach((v, k) => (headers[k] = v));
      headers['user-agent'] = 'Gatehouse';
      const req = request(target, {
        method: init.method ?? 'GET',
        headers,
        timeout: timeoutMs,
        lookup: (hostname, options, callback) => {
          lookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
            if (err) return callback(err, '', 0);
            const bad = !allowPrivate && addresses.some((a) => isSpecialUseAddress(a.address));
            if (bad || addresses.length === 0) return callback(new Error('hostname resolves to a special-use address'), '', 0);
            if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
            callback(null, addresses[0]!.address, addresses[0]!.family);
          });
        },
      });
      const abort = () => req.destroy(new Error('aborted'));
      init.signal?.addEventListener('abort', abort, { once: true });
      const timer = setTimeout(() => req.destroy(new Error('timed out')), timeoutMs);
      const done = () => {
        clearTimeout(timer);
        init.signal?.removeEventListener('abort', abort);
      };
      req.on('socket', (socket) =>
        socket.once('connect', () => {
          // DNS may answer differently to the check and the connect: look at the peer itself.
          if (!allowPrivate && socket.remoteAddress && isSpecialUseAddress(socket.remoteAddress)) req.destroy(new Error('address not allowed'));
        }),
      );
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', (e) => {
        done();
        reject(e);
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > maxBytes) req.destroy(new Error('response too large'));
          else chunks.push(c);
        });
        res.on('end', () => {
          done();
          const status = res.statusCode ?? 502;
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h.set(k, v);
          const body = status === 204 || status === 304 || status < 200 ? null : Buffer.concat(chunks);
          resolve(new Response(body, { status: status < 200 || status > 599 ? 502 : status, headers: h }));
        });
      });
      req.end();
    });
}
