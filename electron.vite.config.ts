import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

// One build for the three faces of Gatehouse:
// - main: the Electron main process (app) and the `gatehouse` CLI (cli), sharing
//   chunks. Commands are loaded lazily so `gatehouse guard` loads only what it needs.
// - preload: CommonJS, because a sandboxed preload cannot be an ES module.
// - renderer: relative base, so the same bundle loads from app:// in Electron and
//   from /admin/ in `gatehouse serve`.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve('src-main/app/main.ts'),
          cli: resolve('src-main/cli/index.ts'),
          // The thread of the admin's long reads and housekeeping (src-main/core/reads).
          'read-worker': resolve('src-main/core/reads/worker.ts'),
          // Team mode's PostgreSQL worker thread (src-main/core/db/sql-postgres.ts finds it beside cli.js).
          'pg-worker': resolve('src-main/core/db/pg-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve('src-preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    base: './',
    plugins: [react(), tailwindcss()],
    build: {
      outDir: 'out/renderer',
      // electron-vite leaves the renderer unminified by default; minified, the first
      // load is about half the size (see renderer_js_gzip_kb in npm run bench).
      minify: true,
      rollupOptions: { input: resolve('src-renderer/index.html') },
    },
  },
});
