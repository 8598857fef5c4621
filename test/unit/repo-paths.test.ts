// The repository must work as a fresh clone with nothing beside it: no source, test or
// script file may read a path of the machine it was written on, or climb out of the
// checkout to a sibling folder (`../shared`). Made-up paths that a pure function gets as
// data ('/Users/ann/…') exist on no machine and pass; '/work/shared/…' exists on the
// machine that wrote it, and is caught there.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const SCANNED = ['src-main', 'src-preload', 'src-shared', 'src-renderer', 'test', 'scripts', 'bin', '.ci'];
const TEXT = /\.(ts|tsx|mts|mjs|js|cjs|sh|py)$|^run$|^gatehouse$/;
/** Where a program may rightly look on any machine: the OS's own folders. */
const SYSTEM = /^\/(usr|bin|sbin|lib|lib64|etc|dev|proc|sys|tmp|var\/tmp|opt\/gatehouse)(\/|$)/;
const ABSOLUTE = /['"`](\/[A-Za-z0-9._-]+(?:\/[^'"`\s$]*)?)['"`/]/g;
const CLIMB = /['"`]((?:\.\.\/)+)([^'"`]*)['"`]/g;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (name === 'node_modules' || name === 'fixtures') return [];
    return statSync(full).isDirectory() ? files(full) : TEXT.test(name) ? [full] : [];
  });
}

/** Why this line of `file` names a place outside the checkout, or null. */
export function outsidePath(file: string, line: string, exists: (path: string) => boolean = existsSync): string | null {
  for (const [, path = ''] of line.matchAll(ABSOLUTE)) {
    const inRepo = path === ROOT || path.startsWith(ROOT + sep);
    if (!SYSTEM.test(path) && !inRepo && path.length > 1 && exists(path)) return `${path} exists on this machine`;
  }
  for (const [, ups = '', rest = ''] of line.matchAll(CLIMB)) {
    const target = resolve(dirname(file), ups, rest);
    if (target !== ROOT && !target.startsWith(ROOT + sep)) return `${ups}${rest} leaves the checkout`;
  }
  return null;
}

describe('the repository names no path outside itself', () => {
  const here = join(ROOT, 'test/unit/x.test.ts');
  // Spelled in pieces so that this file does not itself name the folder it forbids.
  const sibling = ['sha', 'red'].join('');
  const machinePath = `/work/${sibling}/fixtures/x.json`;
  const machine = (p: string) => p === machinePath;

  it('catches the shapes that broke fresh clones, and passes made-up data paths', () => {
    expect(outsidePath(here, `const F = '${machinePath}';`, machine)).toMatch(/exists/);
    expect(outsidePath(here, `join(__dirname, '../../../${sibling}/fixtures')`)).toMatch(/leaves the checkout/);
    expect(outsidePath(here, `appRoot: '/Users/ann/src/gatehouse'`, machine)).toBeNull();
    expect(outsidePath(here, `executablePath: '/usr/bin/chromium'`, () => true)).toBeNull();
    expect(outsidePath(here, `import x from '../helpers/fixtures';`)).toBeNull();
  });

  it('no source, test or script file names one', () => {
    const self = fileURLToPath(import.meta.url);
    const scanned = SCANNED.flatMap((top) => files(join(ROOT, top))).filter((f) => f !== self);
    const offenders = scanned.flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .map((line, i) => {
          const why = outsidePath(f, line);
          return why ? `${relative(ROOT, f)}:${i + 1}: ${why}` : '';
        })
        .filter(Boolean),
    );
    expect(offenders).toEqual([]);
  });
});
