import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import flotilla from './scripts/lint/layering.mjs';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', '*.mjs', '*.mts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { flotilla },
    rules: {
      // House rule: every promise is awaited or explicitly voided.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/unbound-method': 'off',
      'no-console': ['error', { allow: ['warn', 'error'] }],
      // Layering: outside systems only through their adapter folders; src never imports test code (scripts/lint/layering.mjs).
      'flotilla/layering': 'error',
    },
  },
  {
    // Time is an adapter (src/clock): production code reads, waits and schedules through it, so tests move a fake clock.
    files: ['src/**/*.ts'],
    ignores: ['src/clock/**', 'src/**/*.spec.ts', 'src/**/testing/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use the Clock adapter (clock.schedule / clock.sleep).' },
        { name: 'setInterval', message: 'Use PeriodicJobs or the Clock adapter.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Use clock.now().' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Use clock.now().' },
      ],
    },
  },
  {
    // The dashboard's browser modules: plain ES modules served as they are, checked without type information.
    files: ['src/dashboard/public/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: 'module',
      globals: Object.fromEntries(
        ['document', 'window', 'location', 'sessionStorage', 'fetch', 'URLSearchParams', 'Node', 'setInterval', 'clearInterval'].map((name) => [name, 'readonly']),
      ),
    },
  },
  {
    files: ['test/**/*.ts', 'scripts/**/*.ts', '**/*.spec.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
