// Lint: typescript-eslint strict-ish rules for TS, eslint-plugin-svelte for components.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'docs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Front ends use the engine through its public top level only (the facade engine.ts, session, templates, errors,
    // formats, health, config); its subfolders and the Docker connection are internal.
    files: ['electron/cli/**', 'electron/serve/**', 'electron/main/**', 'electron/preload/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/engine/*/**', '**/engine/docker'], message: 'Front ends use the engine through its facade (electron/engine/engine.ts) or its other top-level modules, not its internals.' }] }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    // CommonJS files (bin/podlab.cjs, the Node launcher) load modules with require(): that is what CommonJS is.
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
