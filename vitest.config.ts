import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { VantResolver } from '@vant/auto-import-resolver'

// One Vitest run covers every suite. The server suite runs once on embedded PGlite and, when
// TEST_DATABASE_URL points at a real PostgreSQL, a second time there (project "server-postgres").
const postgresUrl = process.env.TEST_DATABASE_URL

// test/server/postgres-only/ holds what needs a real server (two app instances on one database):
// only the PostgreSQL project runs it, so it is never reported as skipped on PGlite.
const serverProject = (name: string, env: Record<string, string>, postgresOnly: 'include' | 'exclude') => ({
  extends: true as const,
  test: {
    name,
    include: ['test/server/**/*.test.ts'],
    exclude: postgresOnly === 'exclude' ? ['test/server/postgres-only/**'] : [],
    environment: 'node' as const,
    env,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})

export default defineConfig({
  // Same on-demand Vant resolution as the app build (vite.config.ts), without rewriting the .d.ts.
  plugins: [vue(), Components({ resolvers: [VantResolver()], dirs: [], dts: false })],
  test: {
    // Each server test file owns one database (PGlite costs 1–3 s and ~200 MB to start): two at once.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          include: ['test/shared/**/*.test.ts', 'test/scripts/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'client',
          include: ['test/client/**/*.test.ts'],
          // A test that opens several screens pays for transforming each lazy route on first import;
          // on a loaded 2-core CI machine that alone can pass 5 s.
          testTimeout: 20_000,
          environment: 'happy-dom',
          setupFiles: ['test/client/setup.ts'],
          // Vant's ES build imports its CSS; let Vite (not Node) load it.
          server: { deps: { inline: ['vant'] } },
        },
      },
      serverProject('server-pglite', { TEST_DB: 'pglite' }, 'exclude'),
      ...(postgresUrl
        ? [serverProject('server-postgres', { TEST_DB: 'postgres', TEST_DATABASE_URL: postgresUrl }, 'include')]
        : []),
    ],
  },
})
