// The first run's state and its actions, apart from how each step looks: which servers
// are ticked, what their discovery found, the key made for Claude Desktop, the preview
// and the change applied. The page and its step components only read and call this.
import { useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { ClientChange, ClientPreview, FirstRunStatus } from '../../../src-preload/contract';
import { errorMessage } from '../../lib/api';
import { apiWrite } from '../../lib/api-cache';
import { useApiMutation } from '../../lib/use-api-mutation';
import { CLIENT_KEY_SECONDS } from '../client-apps/change-dialog';
import { defaultChoice, rulesFor } from './first-run-rules';
import type { Found } from './found-tools';
import { setFirstRunSkipped } from './skip';
import type { Step } from './step-card';

const DISCOVERIES_AT_ONCE = 4;

type ClaudeDesktop = NonNullable<FirstRunStatus['claudeDesktop']>;

/** Runs `fn` over `items`, at most `n` at a time. */
async function inPool<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
}

export function useFirstRunFlow(cd: ClaudeDesktop | null) {
  const queryClient = useQueryClient();
  const protect = useApiMutation('clients.protect');
  const [step, setStep] = useState<Step>(1);
  const [picked, setPicked] = useState<string[]>([]);
  const [found, setFound] = useState<Found[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ id: string; secret: string } | null>(null);
  const [preview, setPreview] = useState<ClientPreview | null>(null);
  const [change, setChange] = useState<ClientChange | null>(null);
  /** Stops waiting for a server's discovery, by name. */
  const skips = useRef(new Map<string, () => void>());

  // Ticks start as "every unprotected server", once.
  useEffect(() => {
    if (cd && picked.length === 0 && step === 1) setPicked(cd.unprotected);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [cd]);

  /** Runs one step's work: `busy` says what is going on, a failure lands in `error`. */
  async function work(label: string, fn: () => Promise<void>): Promise<boolean> {
    setError(null);
    setBusy(label);
    try {
      await fn();
      return true;
    } catch (e) {
      setError(errorMessage(e));
      return false;
    } finally {
      setBusy(null);
    }
  }

  /** Step 1 → 2: add the servers to Gatehouse (secrets into the vault), then ask each for its tools. */
  async function findTools() {
    if (!cd?.configPath) return;
    setFound(picked.map((name) => ({ name, state: 'waiting', detail: null, error: null, choice: 'all' })));
    setStep(2);
    const configPath = cd.configPath;
    if (await work('Adding the servers to Gatehouse…', () => apiWrite(queryClient, 'servers.importClaude', { path: configPath }).then(() => undefined))) await discover(picked);
  }

  /** A few servers at a time; each can be skipped (its discovery goes on, unwatched, until its timeout). */
  async function discover(names: string[]) {
    const update = (name: string, patch: Partial<Found>) => setFound((f) => f.map((x) => (x.name === name ? { ...x, ...patch } : x)));
    const stopped = new Set<string>();
    const whenSkipped = new Map<string, Promise<null>>();
    for (const name of names) {
      update(name, { state: 'waiting', error: null });
      const skipped = new Promise<null>((resolve) =>
        skips.current.set(name, () => {
          stopped.add(name);
          update(name, { state: 'skipped' });
          resolve(null);
        }),
      );
      whenSkipped.set(name, skipped);
    }
    setBusy(names.length === 1 ? `Asking ${names[0]} for its tools…` : `Asking ${names.length} servers for their tools…`);
    await inPool(names, DISCOVERIES_AT_ONCE, async (name) => {
      try {
        if (stopped.has(name)) return;
        update(name, { state: 'discovering' });
        const detail = await Promise.race([apiWrite(queryClient, 'servers.discover', { name }), whenSkipped.get(name)!]);
        if (detail) update(name, { state: 'ready', detail, choice: defaultChoice(detail) });
      } catch (e) {
        if (!stopped.has(name)) update(name, { state: 'failed', error: errorMessage(e) });
      } finally {
        skips.current.delete(name);
      }
    });
    setBusy(null);
  }

  /** Step 2: one key for Claude Desktop, allowed what each server has today. */
  function createKey() {
    return work('Creating the key…', async () => {
      const rules = rulesFor(found.filter((f) => f.detail).map((f) => ({ detail: f.detail!, choice: f.choice })));
      const made = await apiWrite(queryClient, 'keys.create', { name: 'Claude Desktop', expiresInSeconds: CLIENT_KEY_SECONDS, rules, rateLimit: null });
      setCreated({ id: made.key.id, secret: made.secret });
    });
  }

  /** Key seen → step 3: the diff of the file, secrets masked. Drops the secret from memory. */
  function toPreview() {
    if (!created || !cd?.configPath) return;
    const keyId = created.id;
    const configPath = cd.configPath;
    setCreated({ id: keyId, secret: '' });
    setStep(3);
    void work('Preparing the preview…', async () => {
      setPreview(await apiWrite(queryClient, 'clients.preview', { client: 'claude-desktop', configPath, servers: picked, keyId }));
    });
  }

  function apply() {
    if (!created || !cd?.configPath) return;
    setError(null);
    protect.mutate(
      { client: 'claude-desktop', configPath: cd.configPath, servers: picked, keyId: created.id },
      {
        onSuccess: (c) => {
          setChange(c);
          setStep(4);
          setFirstRunSkipped(false);
        },
        onError: (e) => setError(errorMessage(e)),
      },
    );
  }

  const choose = (name: string, choice: Found['choice']) => setFound((all) => all.map((x) => (x.name === name ? { ...x, choice } : x)));
  const skip = (name: string) => skips.current.get(name)?.();
  return { step, picked, setPicked, found, busy, error, created, preview, change, applying: protect.isPending, findTools, discover, createKey, toPreview, apply, choose, skip };
}

export type FirstRunFlow = ReturnType<typeof useFirstRunFlow>;
