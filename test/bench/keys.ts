import { openTestCore, tmpDir } from '../helpers/core';
import { figure, median, type Bench } from './figures';

/** In-process verifications per second over 1,000 keys (look-up + SHA-256 + constant-time compare). */
export const keyVerify: Bench = async () => {
  const t = tmpDir('gatehouse-bench-');
  const { core } = openTestCore(t.dir);
  try {
    const secrets = Array.from({ length: 1000 }, (_, i) =>
      core.keys.create({ name: `k${i}`, expiresInSeconds: null, rules: [{ effect: 'allow', pattern: '*:*' }], rateLimit: null })
        .secret,
    );
    const rounds: number[] = [];
    for (let round = 0; round < 5; round++) {
      const n = 100_000;
      const start = process.hrtime.bigint();
      for (let i = 0; i < n; i++) {
        if (!core.keys.verify(secrets[i % secrets.length]!).ok) throw new Error('verification failed');
      }
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      rounds.push(n / seconds);
    }
    return { key_verify_per_s: figure(median(rounds), 'per_s', 100_000, 'higher') };
  } finally {
    core.close();
    t.cleanup();
  }
};
