// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Imports that would make sync-core impure: I/O, host frameworks and Node built-ins. */
const impureImports = {
  paths: [
    { name: 'ky', message: 'sync-core is pure: HTTP belongs in the client packages.' },
    { name: 'express', message: 'sync-core is pure: hosts belong in the adapters.' },
    { name: 'aws-lambda', message: 'sync-core is pure: hosts belong in the adapters.' },
    { name: 'better-sqlite3', message: 'sync-core is pure: storage belongs in a store package.' },
    { name: 'pg', message: 'sync-core is pure: storage belongs in a store package.' },
  ],
  patterns: [
    { group: ['node:*'], message: 'sync-core is pure: no Node built-ins (inject a port instead).' },
    {
      group: ['fs', 'fs/*', 'path', 'http', 'https', 'crypto', 'os', 'child_process', 'net', 'url'],
      message: 'sync-core is pure: no Node built-ins (inject a port instead).',
    },
  ],
};

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', '**/coverage/**', '**/.data/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: [
            '*.js',
            '*.config.ts',
            'packages/*/*.config.ts',
            'packages/*/src/purity-probe.ts',
          ],
          maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING: 16,
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': 'error',
    },
  },
  {
    files: ['packages/sync-core/src/**/*.ts'],
    ignores: ['packages/sync-core/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', impureImports],
      'no-restricted-globals': [
        'error',
        {
          name: 'process',
          message: 'sync-core is pure: configuration arrives through createSyncEngine.',
        },
        { name: 'setTimeout', message: 'sync-core is pure: use the injected Clock.' },
        { name: 'setInterval', message: 'sync-core is pure: use the injected Clock.' },
        { name: 'Buffer', message: 'sync-core is pure: use Uint8Array and TextEncoder.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'sync-core is pure: no process.env.' },
        { object: 'Date', property: 'now', message: 'sync-core is pure: use the injected Clock.' },
        { object: 'Math', property: 'random', message: 'sync-core is pure: inject randomness.' },
      ],
    },
  },
  {
    // Sizes that keep the code easy to change: a file over ~300 lines or a function over ~80 (raw lines,
    // a factory counted with its closures) holds more than one concern. Tests, simulators and test
    // support are exempt: a describe block or a simulated server is long by nature.
    files: ['packages/*/src/**/*.ts', 'examples/*/src/**/*.ts'],
    ignores: [
      '**/*.test.ts',
      '**/*.test-support.ts',
      '**/test-support/**',
      '**/test-support.ts',
      '**/testing/**',
      '**/test-*.ts',
      '**/fleet/**',
      '**/*simulator*.ts',
      'examples/express-server/src/agent-test-config.ts',
      'packages/testkit/**',
      'packages/integration-tests/**',
    ],
    rules: {
      'max-lines': ['error', { max: 300 }],
      'max-lines-per-function': ['error', { max: 80, IIFEs: true }],
    },
  },
  {
    files: ['examples/**', 'packages/cli/**', '**/bench/**', 'packages/testkit/src/cli/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
