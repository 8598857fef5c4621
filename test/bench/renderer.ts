import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { figure, type Bench } from './figures';

/** Gzipped size of the JavaScript the admin UI loads before its first paint (entry + modulepreloads). */
export const rendererJs: Bench = async () => {
  const dir = join(process.cwd(), 'out/renderer');
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const files = new Set<string>();
  for (const m of html.matchAll(/<script[^>]+src="([^"]+)"/g)) files.add(m[1]!);
  for (const m of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)) files.add(m[1]!);
  if (files.size === 0) throw new Error('no script in out/renderer/index.html: run npm run build');
  let bytes = 0;
  for (const f of files) bytes += gzipSync(readFileSync(join(dir, f.replace(/^\.\//, '')))).length;
  return { renderer_js_gzip_kb: figure(bytes / 1024, 'kB', 250, 'lower') };
};
