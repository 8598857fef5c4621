// One of several processes hammering one data dir: creates, rotates and verifies keys
// for a while, then prints what it did as JSON. Run with `node --import tsx`.
import { openCore } from '../../../src-main/core';

const [dataDir, durationText, worker] = process.argv.slice(2) as [string, string, string];
const until = Date.now() + Number(durationText);
const result = { worker, created: [] as string[], rotations: {} as Record<string, number>, verified: 0, errors: [] as string[] };
const live: { id: string; secret: string }[] = [];

const core = openCore({ dataDir });
try {
  let i = 0;
  while (Date.now() < until) {
    i++;
    try {
      if (i % 3 === 1 || live.length === 0) {
        const { key, secret } = core.keys.create({
          name: `w${worker}-${i}`,
          expiresInSeconds: null,
          rules: [{ effect: 'allow', pattern: '*:*' }],
          rateLimit: null,
        });
        result.created.push(key.id);
        live.push({ id: key.id, secret });
      } else if (i % 3 === 2) {
        const target = live[i % live.length]!;
        const { secret } = core.keys.rotate(target.id, 3600);
        result.rotations[target.id] = (result.rotations[target.id] ?? 0) + 1;
        target.secret = secret;
      } else {
        for (const k of live.slice(-5)) {
          const v = core.keys.verify(k.secret);
          if (!v.ok) throw new Error(`verify ${k.id}: ${v.reason}`);
          result.verified++;
        }
        core.keys.list({ limit: 50 });
      }
    } catch (e) {
      result.errors.push(String((e as Error).message));
      if (result.errors.length > 20) break;
    }
  }
} finally {
  core.close();
}
process.stdout.write(JSON.stringify(result) + '\n');
