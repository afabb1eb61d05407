import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { VantResolver } from '@vant/auto-import-resolver'
import { VitePWA } from 'vite-plugin-pwa'
import VueI18nPlugin from '@intlify/unplugin-vue-i18n/vite'
import { precompress } from './scripts/vite-precompress.ts'
import { precacheCheck } from './scripts/vite-precache-check.ts'
import { vantIconFontFile } from './scripts/vite-vant-icon-font.ts'
import { appShell } from './scripts/vite-app-shell.ts'
import { inlineFirstScreenCss } from './scripts/vite-inline-css.ts'

const apiPort = process.env.PORT ?? '8080'

/** Vant components are imported on demand (with their CSS) wherever a template uses them. */
export const vantComponents = () =>
  Components({
    resolvers: [VantResolver()],
    dirs: [],
    dts: 'src/client/components.d.ts',
  })

/** Where the repository is: module ids are absolute paths, the folders below are relative to it. */
const root = fileURLToPath(new URL('.', import.meta.url))
const posix = (id: string) => id.replaceAll('\\', '/')

/**
 * A chunk group's test from folders and single modules (paths from the repository root): a module
 * matches when it lies anywhere under one of the folders, or is one of the modules (a Vue file's
 * style and script parts included). A path that does not exist stops the build, so moving or
 * renaming a listed folder or module cannot silently change the bundle.
 */
function inPaths(paths: string[]): (id: string) => boolean {
  const missing = paths.filter((path) => !existsSync(join(root, path)))
  if (missing.length > 0)
    throw new Error(`vite.config.ts: a chunk group names paths that do not exist: ${missing.join(', ')}`)
  const prefixes = paths.map((path) => posix(join(root, path)) + (statSync(join(root, path)).isDirectory() ? '/' : ''))
  return (id) => {
    const file = posix(id).split('?', 1)[0]!
    return prefixes.some((prefix) => (prefix.endsWith('/') ? file.startsWith(prefix) : file === prefix))
  }
}

// What every tab screen draws or reads (banners, stores, the page and list frames, the Vant parts
// they use) is one chunk, `tabs`, with one stylesheet, instead of some twenty small files per tab:
// each file is a request on a slow network and a task on the phone's main thread when it arrives.
// To add a piece to every tab's chunk, put it in one of these folders; a whole folder goes in, so
// keep in them only what every tab loads anyway. A group also takes everything its modules import
// that a group before it did not take (Rolldown's includeDependenciesRecursively): the API client
// and the content store, date labels, the nearest-bases index and the other shared/domain rules
// come with the stores that import them.
const TAB_COMMON_FOLDERS = [
  'src/client/ui/frame', // page frame, empty state, progressive list, bottom sheet
  'src/client/notices/banner', // the notices banner, its store and the areas the visitor follows
  'src/client/notices/card', // a notice in a list, with its level tag and wording
  'src/client/calendar/reminder', // the reminder banner and its store
  'src/client/bases/store', // the bases store with geolocation: map tab, calendar's "near me", notices' distances
  'src/client/content', // the built content every tab lists from
]
// Single modules every tab uses that sit in a folder that must not go in whole (the API worker
// and its handlers live beside the API client; the rest of shared/domain is per screen).
const TAB_COMMON_MODULES = [
  'src/client/api/http.ts',
  'src/client/api/off-thread.ts',
  'src/client/app/off-thread.ts', // stores ask the API worker through it
  'src/client/app/storage-status.ts', // the works tab's saved-works sizes and the session store
  'src/shared/domain/compare.ts', // the works and calendar tabs sort with it
  'src/client/ui/localized.ts', // picks a text's language on every tab
]
// Vant's components that the tab screens draw (the entry's own, button and loading, stay in vant-core).
const TAB_COMMON_VANT = [
  'cell',
  'cell-group',
  'search',
  'empty',
  'progress',
  'field',
  'popup',
  'overlay',
  'switch',
  'notice-bar',
  'checkbox',
  'checkbox-group',
  'tag',
]
const inTabCommon = inPaths([...TAB_COMMON_FOLDERS, ...TAB_COMMON_MODULES])
const tabVant = (id: string) => TAB_COMMON_VANT.some((name) => posix(id).includes(`/node_modules/vant/es/${name}/`))

// Each tab's own screen with the pieces only it draws: one script and one stylesheet. The group
// names the route's view (app/router.ts) and takes what it imports that `tabs` did not. (Other
// screens that reuse a piece, say a work card, load that tab's chunk: a few KB, already cached.)
const TAB_SCREENS: Record<string, string> = {
  'tab-bases': 'src/client/bases/BasesView.vue',
  'tab-works': 'src/client/works/WorksView.vue',
  'tab-calendar': 'src/client/calendar/CalendarView.vue',
}

export default defineConfig({
  plugins: [
    appShell(),
    inlineFirstScreenCss(),
    vantIconFontFile(),
    vue(),
    vantComponents(),
    // The locale files are compiled to message ASTs at build time, so the browser never parses a
    // message and vue-i18n ships without its message compiler (main-thread time on the first screen).
    VueI18nPlugin({
      // Only the locale files (and a feature's messages file listed here): each must stay a static
      // `export default { ... }` object literal (a `satisfies` type is fine). The browser then gets ASTs, not strings: read messages
      // through t(), never by importing a locale file into app code.
      include: [
        fileURLToPath(new URL('./src/client/app/locales/**', import.meta.url)),
        fileURLToPath(new URL('./src/client/contests/review/contests-review-messages.ts', import.meta.url)),
        fileURLToPath(new URL('./src/client/naming/**/*.{zh-CN,en}.ts', import.meta.url)),
      ],
      runtimeOnly: true,
      // No message is compiled in the browser: every message comes from the files above. A string
      // message added at run time would be shown as is, without its {placeholders} filled in.
      dropMessageCompiler: true,
      compositionOnly: true, // createI18n({ legacy: false }): the legacy API is tree-shaken
      fullInstall: false, // no <i18n-t>, <i18n-d>, <i18n-n> or v-t; $t comes from globalInjection
      // notices.admin.importHint shows a CAP tag (<alert xmlns=…>) as text. Vue escapes every
      // interpolated string and no message reaches v-html, so that text is safe; escaping it here
      // would show "&lt;alert" instead.
      strictMessage: false,
      escapeHtml: false,
    }),
    VitePWA({
      // 'prompt', never 'autoUpdate': an update must not reload a page with unsaved input
      // (vite-plugin-pwa #881). The app registers the worker itself (no inline script, strict CSP).
      registerType: 'prompt',
      injectRegister: false,
      // Our own worker (src/client/pwa/sw.ts): saved map areas and, later, push need custom routes.
      strategies: 'injectManifest',
      srcDir: 'src/client/pwa',
      filename: 'sw.ts',
      includeAssets: ['favicon.svg', 'icons/apple-touch-icon-180.png'],
      manifest: {
        id: '/',
        name: '自然资源科普',
        short_name: '自然科普',
        description: '身边的国家自然资源科普基地、科普作品、主题日与防灾避险知识',
        lang: 'zh-CN',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        theme_color: '#17694f',
        background_color: '#f6f7f4',
        categories: ['education', 'travel'],
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
        shortcuts: [
          {
            name: '附近的科普基地',
            short_name: '附近基地',
            url: '/bases',
            icons: [{ src: '/icons/icon-192.png', sizes: '192x192' }],
          },
          {
            name: '主题日历',
            short_name: '日历',
            url: '/calendar',
            icons: [{ src: '/icons/icon-192.png', sizes: '192x192' }],
          },
          {
            name: '防灾避险',
            short_name: '避险',
            url: '/notices',
            icons: [{ src: '/icons/icon-192.png', sizes: '192x192' }],
          },
        ],
      },
      injectManifest: {
        // The shell and the built content (JSON chunks) are precached, so the app opens offline.
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest,json,woff2}'],
        // Works' media is saved on demand into IndexedDB (works/offline-works.ts), never precached.
        globIgnores: ['media/**'],
        // An asset left out of the precache is an offline crash (LiteFarm #4059): allow big chunks.
        maximumFileSizeToCacheInBytes: 5 * 1024 * 1024,
      },
    }),
    // Fails the build when the worker above would leave out a file the app needs offline.
    precacheCheck(),
    precompress(),
  ],
  define: {
    __VUE_PROD_DEVTOOLS__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  build: {
    target: 'es2022',
    sourcemap: true,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // The entry must import none of the `tabs` chunk (the bundle bench's budget fails if it does): a
          // group also takes its modules' dependencies, so whatever the entry shares with the tabs (the
          // plugin-vue and preload helpers, Vant's button and loading with their CSS) is placed first.
          groups: [
            {
              name: 'framework',
              test: /node_modules[\\/](@vue|vue|pinia|vue-router|vue-i18n|@intlify|@vant[\\/]use)[\\/]|plugin-vue:export-helper|vite[\\/]preload-helper/,
              priority: 4,
            },
            {
              name: 'vant-core',
              test: /node_modules[\\/]vant[\\/]es[\\/](utils|composables|locale|icon|badge|config-provider|style|button|loading)[\\/]/,
              priority: 3,
            },
            { name: 'tabs', test: (id: string) => inTabCommon(id) || tabVant(id), priority: 2 },
            ...Object.entries(TAB_SCREENS).map(([name, view]) => ({ name, test: inPaths([view]), priority: 1 })),
          ],
        },
      },
    },
  },
  server: { proxy: { '/api': `http://127.0.0.1:${apiPort}` } },
})
