// Overview, per client config: entries that still hold a rotated key's old secret.
// In its grace it still works (until when, said); past it, every server of that config
// using the key is refused. One button writes the key's current secret there.
import type { ReactNode } from 'react';
import { RefreshCw } from 'lucide-react';
import type { ClientApp, KeySummary } from '../../../src-preload/contract';
import { Button } from '../../components/ui/button';
import { errorMessage } from '../../lib/api';
import { exact, relative } from '../../lib/dates';
import { useApiMutation } from '../../lib/use-api-mutation';

export interface KeySecretWarning {
  id: string;
  text: ReactNode;
  keyId: string;
}

interface Holding {
  app: ClientApp;
  path: string;
  keyId: string;
  servers: string[];
  past: boolean;
  graceUntil: string | null;
}

function holdings(apps: ClientApp[]): Holding[] {
  const out = new Map<string, Holding>();
  for (const app of apps) {
    for (const c of app.configs) {
      for (const s of c.servers) {
        const state = s.keySecret?.state;
        if (!s.keyId || (state !== 'grace' && state !== 'retired')) continue;
        const k = `${c.path}\u0000${s.keyId}`;
        const h = out.get(k) ?? { app, path: c.path, keyId: s.keyId, servers: [], past: false, graceUntil: s.keySecret!.graceUntil };
        h.servers.push(s.name);
        h.past ||= state === 'retired';
        out.set(k, h);
      }
    }
  }
  return [...out.values()];
}

export function keySecretWarnings(apps: ClientApp[], keys: KeySummary[], now: number): KeySecretWarning[] {
  const names = new Map(keys.map((k) => [k.id, k.name]));
  return holdings(apps).map((h) => {
    const key = <strong className="font-semibold">{names.get(h.keyId) ?? h.keyId}</strong>;
    const when = h.graceUntil ? (
      <time dateTime={h.graceUntil} title={exact(h.graceUntil)}>
        {relative(h.graceUntil, now)}
      </time>
    ) : null;
    return {
      id: `key-secret-${h.path}-${h.keyId}`,
      keyId: h.keyId,
      text: (
        <>
          <strong className="font-semibold">{h.app.name}</strong> config holds key {key}’s old secret{' '}
          {h.past ? <>past its grace (ended {when}): {h.servers.join(', ')} are refused.</> : <>in its grace (works until {when}): {h.servers.join(', ')}.</>}{' '}
          <span className="font-mono text-[12px] break-all text-muted">{h.path}</span>
        </>
      ),
    };
  });
}

/** Writes the key's current secret into every config that uses it. */
export function RepatchButton({ keyId }: { keyId: string }) {
  const repatch = useApiMutation('clients.repatchKey');
  const failed = repatch.data?.errors.length ? repatch.data.errors.map((e) => `${e.path}: ${e.message}`).join(' ') : null;
  return (
    <span className="flex shrink-0 flex-col items-end gap-1">
      <Button size="sm" onClick={() => repatch.mutate({ keyId })} disabled={repatch.isPending}>
        <RefreshCw aria-hidden="true" className={repatch.isPending ? 'size-3.5 animate-spin' : 'size-3.5'} />
        {repatch.isPending ? 'Writing…' : 'Write the new key'}
      </Button>
      {repatch.isError || failed ? (
        <span role="alert" className="text-[12px] text-danger">
          {failed ?? errorMessage(repatch.error)}
        </span>
      ) : null}
    </span>
  );
}
