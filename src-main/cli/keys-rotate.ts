// `gatehouse keys rotate KEY [--grace 24h] [--no-repatch]`: a new secret, then every
// client config that uses the key re-patched with it (backup first, as any patch), so
// nothing is refused when the grace ends. With --no-repatch the configs are left as they
// are, and each one still holding the old secret is listed.
import type { ClientKeyHolder, ClientRepatchResult, CreatedKey } from '../../src-preload/contract';
import { call, printJson, when, withCore, type CommonOptions } from './context';
import { resolveKeyId } from './resolve';

export interface RotateOptions extends CommonOptions {
  grace: number;
  /** false with --no-repatch. */
  repatch: boolean;
}

interface Rotation {
  created: CreatedKey;
  repatch: ClientRepatchResult | null;
  holders: ClientKeyHolder[];
}

function printRepatch(r: ClientRepatchResult): void {
  for (const c of r.changes.filter((c) => c.changed)) {
    process.stdout.write(`Wrote the new key into ${c.path} (${c.servers.join(', ')}).${c.restartNotice ? ` ${c.restartNotice}` : ''}\n`);
  }
  for (const e of r.errors) process.stderr.write(`gatehouse: could not re-patch ${e.path} (${e.servers.join(', ')}): ${e.message}\n`);
}

function printHolders(holders: ClientKeyHolder[]): void {
  if (!holders.length) return;
  process.stdout.write('Still holding the old secret:\n');
  for (const h of holders) {
    const until = h.state === 'grace' ? `works until ${when(h.graceUntil)}` : h.state === 'retired' ? 'refused now' : 'not a secret of this data dir';
    process.stdout.write(`  ${h.client}  ${h.path}  (${h.servers.join(', ')}; ${until})\n`);
  }
  process.stdout.write('Write the new key there with: gatehouse clients reapply\n');
}

function printHuman(r: Rotation, graceSeconds: number): void {
  const { created } = r;
  process.stdout.write(
    `Rotated ${created.key.name} (${created.key.id})\n\n  ${created.secret}\n\nCopy this key now: Gatehouse will not print it again.\n` +
      (graceSeconds > 0 ? `The previous key keeps working until ${when(created.key.graceUntil)}.\n` : 'The previous key stopped working now.\n'),
  );
  if (r.repatch) printRepatch(r.repatch);
  printHolders(r.holders);
}

export async function rotateKey(given: string, opts: RotateOptions): Promise<void> {
  const r: Rotation = await withCore(opts, async (_c, api) => {
    const id = await resolveKeyId(api, given);
    const created = await call(api, 'keys.rotate', { id, graceSeconds: opts.grace });
    const repatch = opts.repatch ? await call(api, 'clients.repatchKey', { keyId: id }) : null;
    return { created, repatch, holders: await call(api, 'clients.keyHolders', { keyId: id }) };
  });
  if (opts.json) printJson({ ...r.created.key, key: r.created.secret, repatch: r.repatch, holders: r.holders });
  else printHuman(r, opts.grace);
  // The rotation stands; a config left on the old secret is a failure a script must see.
  if (r.repatch?.errors.length) process.exitCode = 1;
}
