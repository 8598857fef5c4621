// Readiness: a short list of named probes (the database answers, the schema is the one
// this build knows, the signing keys are loaded, …) that `/readyz` reports. Each store
// engine brings its own probes; the HTTP layer adds its own (draining). Results are kept
// for a moment so an orchestrator polling every second costs at most one round trip to
// the database per probe, and concurrent polls share one check.

export type ProbeResult = { ok: true } | { ok: false; reason: string };

export interface ReadinessProbe {
  /** Stable, snake_case: it is a key of /readyz's JSON body. */
  readonly name: string;
  check(): ProbeResult | Promise<ProbeResult>;
  /** How long a result is reused; default the Readiness's. 0: checked on every call. */
  readonly cacheMs?: number;
}

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, ProbeResult>;
}

export interface ReadinessOptions {
  /** Default 1000 ms. */
  cacheMs?: number;
  /** A probe that has not answered in this long fails. Default 2000 ms. */
  timeoutMs?: number;
  now?: () => number;
}

interface Slot {
  probe: ReadinessProbe;
  at: number;
  result: ProbeResult | null;
  pending: Promise<ProbeResult> | null;
}

export const OK: ProbeResult = { ok: true };

export function failed(reason: string): ProbeResult {
  return { ok: false, reason };
}

export class Readiness {
  private readonly slots = new Map<string, Slot>();
  private readonly cacheMs: number;
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(probes: readonly ReadinessProbe[] = [], opts: ReadinessOptions = {}) {
    this.cacheMs = opts.cacheMs ?? 1000;
    this.timeoutMs = opts.timeoutMs ?? 2000;
    this.now = opts.now ?? Date.now;
    for (const p of probes) this.add(p);
  }

  /** Adds a probe; one with the same name is replaced (an engine swapping in its own). */
  add(probe: ReadinessProbe): void {
    this.slots.set(probe.name, { probe, at: 0, result: null, pending: null });
  }

  get names(): string[] {
    return [...this.slots.keys()];
  }

  async report(): Promise<ReadinessReport> {
    const slots = [...this.slots.values()];
    const results = await Promise.all(slots.map((s) => this.resultOf(s)));
    const checks: Record<string, ProbeResult> = {};
    slots.forEach((s, i) => (checks[s.probe.name] = results[i]!));
    return { ready: results.every((r) => r.ok), checks };
  }

  private resultOf(slot: Slot): Promise<ProbeResult> {
    const ttl = slot.probe.cacheMs ?? this.cacheMs;
    if (slot.result && this.now() - slot.at < ttl) return Promise.resolve(slot.result);
    if (slot.pending) return slot.pending;
    slot.pending = this.run(slot.probe).then((result) => {
      slot.result = result;
      slot.at = this.now();
      slot.pending = null;
      return result;
    });
    return slot.pending;
  }

  private async run(probe: ReadinessProbe): Promise<ProbeResult> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<ProbeResult>((resolve) => {
      timer = setTimeout(() => resolve(failed(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
      timer.unref();
    });
    try {
      return await Promise.race([Promise.resolve().then(() => probe.check()), timeout]);
    } catch (e) {
      return failed(e instanceof Error ? e.message : String(e));
    } finally {
      clearTimeout(timer);
    }
  }
}
