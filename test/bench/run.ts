// `npm run bench [-- NAME...]`: prints one JSON object, one entry per figure (DESIGN.md "Benchmarks").
import type { Bench, Figure } from './figures';
import { keyVerify } from './keys';
import { rendererJs } from './renderer';
import { serveReady } from './serve';

const benches: Record<string, Bench> = {
  key_verify_per_s: keyVerify,
  serve_ready_ms: serveReady,
  renderer_js_gzip_kb: rendererJs,
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((n) => !(n in benches));
if (unknown.length) {
  process.stderr.write(`unknown bench: ${unknown.join(', ')}; known: ${Object.keys(benches).join(', ')}\n`);
  process.exit(2);
}
const out: Record<string, Figure> = {};
for (const [name, run] of Object.entries(benches)) {
  if (wanted.length && !wanted.includes(name)) continue;
  Object.assign(out, await run());
}
process.stdout.write(JSON.stringify(out) + '\n');
