// A KeyService on a fresh core with a clock the test moves, closed after each test.
import { KeyService } from '../../src-main/core/keys/service';
import { freshCores } from './core';

/** Call at the top of a test file; each call of the function it returns opens a fresh core. */
export function keyServices() {
  const cores = freshCores();
  return () => {
    const { core } = cores.open();
    let now = Date.parse('2026-01-01T00:00:00Z');
    const clock = {
      now: () => now,
      advance: (ms: number) => void (now += ms),
    };
    const keys = new KeyService(core.db, core.vault, core.audit, clock.now);
    return { core, keys, clock, ...clock };
  };
}
