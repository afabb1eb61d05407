// @ts-check
import tseslint from 'typescript-eslint'
import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'
import prettierOff from 'eslint-config-prettier/flat'

/** Keeps the three sides apart: the client and the server only meet in src/shared. */
const crossImports = (forbidden, instead) =>
  forbidden.map((group) => ({
    group: [group],
    message: `Do not import across sides. ${instead}`,
  }))
const noCrossImports = (forbidden, instead) => ({
  'no-restricted-imports': ['error', { patterns: crossImports(forbidden, instead) }],
})

const clientApart = crossImports(
  ['**/server/**', 'node:*'],
  'Reach the server through src/client/api/ over HTTP; share types via src/shared/.',
)

// Only src/client/local-db/ touches IndexedDB: Dexie, and the Dexie class and instance in
// local-db.ts, stay inside it; its row types may be imported anywhere (`import type`). The
// patterns spell "/" as \x2F so the same text works in an esquery selector.
const DEXIE = String.raw`^dexie(\x2F|$)`
const LOCAL_DB_MODULE = String.raw`(^|\x2F)local-db\x2Flocal-db(\.[cm]?[jt]s)?$`
const localDbInstead =
  'Only src/client/local-db/ touches IndexedDB: call (or add) a named function in a module there, e.g. local-db/works.ts.'
const localDbOnly = [
  { regex: DEXIE, message: localDbInstead },
  {
    regex: LOCAL_DB_MODULE,
    allowTypeImports: true,
    message: `Import only types from local-db.ts here. ${localDbInstead}`,
  },
]

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'generated/',
      'node_modules/',
      'coverage/',
      'test-results/',
      'playwright-report/',
      'data/',
      'src/server/db/migrations/',
      'src/client/components.d.ts',
      'public/before-first-paint.js',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  ...pluginVue.configs['flat/recommended'],
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.vue'],
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/no-v-html': 'error',
    },
  },
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    files: ['src/client/**'],
    languageOptions: { globals: globals.browser },
    rules: {
      // The typescript-eslint version, for `allowTypeImports`.
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [...clientApart, ...localDbOnly] }],
      // `import('…')` is not an import declaration: the rule above does not see it.
      'no-restricted-syntax': [
        'error',
        ...[DEXIE, LOCAL_DB_MODULE].map((pattern) => ({
          selector: `ImportExpression[source.value=/${pattern}/]`,
          message: localDbInstead,
        })),
      ],
    },
  },
  {
    files: ['src/client/local-db/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: clientApart }],
      'no-restricted-syntax': 'off',
    },
  },
  {
    files: ['src/server/**'],
    languageOptions: { globals: globals.node },
    rules: noCrossImports(
      ['**/client/**', 'vue', 'vue-*', 'pinia', 'dexie'],
      'Put code both sides need in src/shared/.',
    ),
  },
  {
    files: ['src/shared/**'],
    rules: noCrossImports(
      ['**/client/**', '**/server/**', 'node:*', 'vue', 'dexie'],
      'src/shared/ is pure: no DOM, no Node, no framework.',
    ),
  },
  {
    files: ['scripts/**', 'bench/**', 'test/**', '*.config.ts', '*.config.js'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    // Tests read untyped JSON response bodies (inject().json(), parsed iCalendar) on purpose.
    files: ['test/**'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    files: ['eslint.config.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  // Layout is Prettier's (npm run format, checked by npm run lint): ESLint's layout rules step aside.
  prettierOff,
)
