// Static files of the built renderer (out/renderer) under /admin/.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, relative, isAbsolute, sep } from 'node:path';
import { contentTypeOf } from '../core/content-types';


/** Vite names built assets `name-<hash>.ext`: such a file never changes. */
const HASHED_ASSET = /^assets\/[^/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

export type StaticResult = 'served' | 'not-found';

export class StaticFiles {
  private rootReal: string | null | undefined;

  constructor(private readonly root: string) {}

  /** True when the built UI is present (index.html exists). */
  async available(): Promise<boolean> {
    return (await this.resolve('index.html')) !== null;
  }

  /**
   * Serves `relPath` (already stripped of `/admin/`, still percent-encoded) when it
   * names a regular file inside the root. Dot segments, encoded separators and
   * dotfiles are refused; symlinks may not lead outside the root.
   */
  async serve(req: IncomingMessage, res: ServerResponse, relPath: string): Promise<StaticResult> {
    const rel = decodeSegments(relPath === '' ? 'index.html' : relPath);
    if (rel === null) return 'not-found';
    const file = await this.resolve(rel);
    if (file === null) return 'not-found';
    const info = await stat(file);
    const headers: Record<string, string> = {
      'Content-Type': contentTypeOf(file),
      'Content-Length': String(info.size),
      'Cache-Control': HASHED_ASSET.test(rel) ? 'public, max-age=31536000, immutable' : rel === 'index.html' ? 'no-store' : 'no-cache',
    };
    res.writeHead(200, headers);
    if (req.method === 'HEAD') {
      res.end();
      return 'served';
    }
    await new Promise<void>((resolveDone, reject) => {
      const stream = createReadStream(file);
      stream.on('error', reject);
      res.on('close', () => {
        stream.destroy();
        resolveDone();
      });
      stream.pipe(res);
    });
    return 'served';
  }

  private async resolve(rel: string): Promise<string | null> {
    const root = await this.realRoot();
    if (root === null) return null;
    try {
      const real = await realpath(join(root, rel));
      const inside = relative(root, real);
      if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) return null;
      const info = await stat(real);
      return info.isFile() ? real : null;
    } catch {
      return null;
    }
  }

  private async realRoot(): Promise<string | null> {
    if (this.rootReal === undefined || this.rootReal === null) {
      // Not cached while missing: a build may appear while the server runs.
      this.rootReal = await realpath(this.root).catch(() => null);
    }
    return this.rootReal;
  }
}

/** Decodes each segment; null when any is empty, a dot segment, a dotfile, or hides a separator or NUL. */
function decodeSegments(relPath: string): string | null {
  const out: string[] = [];
  for (const raw of relPath.split('/')) {
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (seg === '' || seg.startsWith('.') || /[/\\\0]/.test(seg) || seg.includes(':')) return null;
    out.push(seg);
  }
  return out.join('/');
}
