// Lint: typescript-eslint's recommended rules plus exhunt's layering rule (tools/eslint/layering.js).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { layeringRule } from './tools/eslint/layering.js';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'dist-bench-hunt/**',
      'node_modules/**',
      'coverage/**',
      'web/dist/**',
      '**/fixtures/**',
      '.exhunt-tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { exhunt: { rules: { layering: layeringRule } } },
    rules: {
      'exhunt/layering': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
