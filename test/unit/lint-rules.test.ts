// The house rules hold by themselves (issue 16): `npm run lint` refuses a function over
// complexity 20 and a file over 400 lines anywhere in the project, with the project's own
// ESLint config.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;

async function ruleIds(code: string, file: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}${file}` });
  return result!.messages.map((m) => m.ruleId ?? m.message);
}

describe('lint: small functions and small files', () => {
  it('refuses a function with 21 paths and passes one with 20', async () => {
    const fn = (n: number) => `export function f(x: number): number {\n${Array.from({ length: n }, (_, i) => `  if (x === ${i}) return ${i};`).join('\n')}\n  return -1;\n}\n`;
    expect(await ruleIds(fn(20), 'src-main/core/lint-probe.ts')).toContain('complexity');
    expect(await ruleIds(fn(19), 'src-main/core/lint-probe.ts')).not.toContain('complexity');
  });

  it('refuses a file over 400 lines, in the app and in the tests', async () => {
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `export const v${i} = ${i};`).join('\n') + '\n';
    expect(await ruleIds(lines(401), 'src-renderer/lint-probe.ts')).toContain('max-lines');
    expect(await ruleIds(lines(401), 'test/unit/lint-probe.test.ts')).toContain('max-lines');
    expect(await ruleIds(lines(400), 'src-main/lint-probe.ts')).not.toContain('max-lines');
  });

  it('refuses an import of the admin API contract in the core, and lets the rest of main and the model in', async () => {
    // Import lines of probe files at the given depth (built, so this file names no path above itself).
    const from = (depth: number, target: string) => `${'../'.repeat(depth)}${target}`;
    const typeImport = (depth: number) => `import type { Rule } from '${from(depth, 'src-preload/contract')}';\nexport type R = Rule;\n`;
    const valueImport = `import { contract } from '${from(2, 'src-preload/contract')}';\nexport const c = contract;\n`;
    expect(await ruleIds(typeImport(3), 'src-main/core/policy/lint-probe.ts')).toContain('no-restricted-imports');
    expect(await ruleIds(valueImport, 'src-main/core/lint-probe.ts')).toContain('no-restricted-imports');
    expect(await ruleIds(valueImport, 'src-main/api/lint-probe.ts')).not.toContain('no-restricted-imports');
    const model = `import type { Rule } from '${from(3, 'src-shared/model/rules')}';\nexport type R = Rule;\n`;
    expect(await ruleIds(model, 'src-main/core/policy/lint-probe.ts')).not.toContain('no-restricted-imports');
    expect(await ruleIds("import { z } from 'zod';\nexport const s = z.string();\n", 'src-shared/model/lint-probe.ts')).toContain('no-restricted-imports');
    expect(await ruleIds(typeImport(2), 'src-shared/model/lint-probe.ts')).toContain('no-restricted-imports');
  });
});
