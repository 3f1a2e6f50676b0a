// ESLint flat config: typescript-eslint's recommended rules plus the
// conventions JupyterLab's own packages follow.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/',
      '.venv/',
      'lib/',
      'coverage/',
      'jupyterlab_runlog/labextension/',
      'ui-tests/test-results/',
      'ui-tests/playwright-report/',
      'benchmarks/results/'
    ]
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      // Interfaces are named IThing, as in JupyterLab.
      '@typescript-eslint/naming-convention': [
        'error',
        {
          selector: 'interface',
          format: ['PascalCase'],
          custom: { regex: '^I[A-Z]', match: true }
        }
      ],
      '@typescript-eslint/no-explicit-any': 'warn',
      // Namespaces beside interfaces and tokens (IRunStore.IChange) are the JupyterLab idiom.
      '@typescript-eslint/no-namespace': 'off',
      '@typescript-eslint/no-unused-vars': [
        'warn',
        { args: 'none', ignoreRestSiblings: true }
      ],
      curly: ['error', 'all'],
      eqeqeq: 'error',
      'prefer-const': 'error',
      'prefer-arrow-callback': 'error'
    }
  },
  {
    // Configuration files run by Node as CommonJS.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' }
  }
);
