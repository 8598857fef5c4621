import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', '.electron-native/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', window: 'readonly', document: 'readonly', navigator: 'readonly', fetch: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Functions one can hold in one's head, files one can read through (issue 16).
      complexity: ['error', 20],
      'max-lines': ['error', { max: 400 }],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    // The domain model is plain types and pure functions that main, preload and renderer all
    // load: no zod (the contract's), no Node or Electron, nothing from the layers around it.
    files: ['src-shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['zod', 'electron', 'react'],
          patterns: [{ group: ['node:*', '**/src-preload', '**/src-preload/**', '**/src-main/**', '**/src-renderer/**'], message: 'the model imports only itself' }],
        },
      ],
    },
  },
  {
    // core stays free of electron, HTTP frameworks and React (DESIGN.md), and of the
    // admin API's contract: its types come from the domain model, src-shared/model (issue 16).
    files: ['src-main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'express', 'koa', 'react'],
          patterns: [{ group: ['**/src-preload', '**/src-preload/**'], message: 'core imports the domain model (src-shared/model), not the admin API contract' }],
        },
      ],
    },
  },
);
