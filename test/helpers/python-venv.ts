// A Python venv with the packages of test/fixtures/python/requirements.txt, made once per
// hash of that file (and the Python version) under the checkout's ignored .tools/python/,
// and reused by every later run. pip installs from the package index pip is set up for.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
export const PYTHON_FIXTURES = join(ROOT, 'test/fixtures/python');

async function pythonVersion(): Promise<string> {
  const { stdout } = await run('python3', ['-c', 'import sys; print(sys.version)']);
  return stdout.trim();
}

/** The venv's python, made on first use: `python3 -m venv`, then `pip install -r requirements.txt`. */
export async function pythonVenv(): Promise<string> {
  const requirements = join(PYTHON_FIXTURES, 'requirements.txt');
  const hash = createHash('sha256').update(readFileSync(requirements)).update(await pythonVersion()).digest('hex').slice(0, 16);
  const dir = join(ROOT, '.tools/python', hash);
  const python = join(dir, 'bin/python');
  if (existsSync(join(dir, '.ready'))) return python;
  // Built aside and renamed into place: two test files starting at once never share a half-made venv.
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  mkdirSync(join(ROOT, '.tools/python'), { recursive: true });
  try {
    await run('python3', ['-m', 'venv', tmp]);
    await run(join(tmp, 'bin/python'), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', requirements], { maxBuffer: 16 * 1024 * 1024, timeout: 600_000 });
    await run('touch', [join(tmp, '.ready')]);
    if (!existsSync(join(dir, '.ready'))) {
      rmSync(dir, { recursive: true, force: true });
      renameSync(tmp, dir);
    }
  } catch (e) {
    throw new Error(`could not make the Python venv for the tests (python3 -m venv, then pip install -r ${requirements}): ${(e as { stderr?: string }).stderr ?? (e as Error).message}`, { cause: e });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return python;
}
