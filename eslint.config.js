// @ts-check
import js from '@eslint/js';
import { fileURLToPath } from 'node:url';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import layering from './eslint/layering.js';

const root = fileURLToPath(new URL('.', import.meta.url));

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'service/web/dist/**', 'dist/**', 'release/**', 'test-results/**', 'playwright-report/**', 'coverage/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { station: layering },
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      // docs/architecture.md: the layering is an error, never a warning, and has no exemption list.
      'station/layering': ['error', { root }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  { files: ['renderer/**/*.{ts,tsx}', 'service/web/src/**/*.{ts,tsx}'], languageOptions: { globals: { ...globals.browser } } },
  {
    // docs/architecture.md: no file in main/ does five jobs; 300 lines is where a module is split by
    // concern. Excepted by name, as data rather than code: the numbered migrations and the
    // program's dated catalogs. Tests sit beside the code but are not product files.
    files: ['main/**/*.ts'],
    ignores: ['main/**/*.test.ts', 'main/store/migrations/[0-9]*.ts', 'main/domain/catalog/catalog-[0-9]*.ts'],
    rules: { 'max-lines': ['error', { max: 300, skipBlankLines: false, skipComments: false }] },
  },
);
