// The app's entry (Vite's conventional name; index.html loads it as a module, after
// public/before-first-paint.js): starts fetching the first screen, then creates the Vue app with
// Pinia, i18n and the router, mounts it over the static shell and registers the service worker.
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import './styles/tokens.css'
import './styles/base.css'
import App from './app/App.vue'
import { i18n, loadEnglish } from './app/i18n.ts'
import { readStored } from './app/settings-store.ts'
import { createAppRouter } from './app/router.ts'
import { registerServiceWorker } from './pwa/register.ts'
import { afterFirstScreen } from './app/after-first-screen.ts'

// The first screen's lazy pieces are requested at once instead of one after another: on a slow
// phone network each link of that chain (view → map → bases, or view → the list's content) costs a
// round trip before the screen's main content shows. The router asks for the view itself.
const bases = [
  () => import('./bases/BasesView.vue'),
  () => import('./bases/map/BasesMap.vue'),
  () => import('../../generated/content/bases.json'),
]
const firstScreen: Record<string, (() => Promise<unknown>)[]> = {
  '/': bases,
  '/bases': bases,
  '/works': [() => import('../../generated/content/works-list.json')],
  '/calendar': [() => import('../../generated/content/theme-days.json')],
  '/notices': [() => import('../../generated/content/guides.json')],
}
for (const load of firstScreen[location.pathname] ?? []) void load()

/** A task boundary: lets the browser paint or answer a tap on the static tab bar in between. */
const nextTask = () =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, 0)
  })

// Three tasks instead of one long one on a slow phone: evaluating the modules (this one, which has
// just asked for the first screen's pieces), setting the app up (the router starts loading the
// route's code), and drawing the route once its code is in.
async function start(): Promise<void> {
  await nextTask()
  const app = createApp(App)
  app.use(createPinia())
  app.use(i18n)
  const router = createAppRouter()
  app.use(router)
  // index.html's static shell (tab bar and the tab's title, scripts/vite-app-shell.ts) stays on
  // screen until the first route's code has arrived; the app then replaces it in one paint instead
  // of showing an empty page between the two. A route that fails to load still mounts (its error shows).
  await router.isReady().catch(() => undefined)
  // A task of its own: the route's modules have just been evaluated, and one long task doing
  // both blocks a tap on the static tab bar for longer than either alone.
  await nextTask()
  app.mount('#app')
  // The precache (every screen, every content chunk) downloads after the first screen, not during it.
  afterFirstScreen(registerServiceWorker)
}
// English is a lazy chunk: someone who chose it gets it before the first paint, not a flash of Chinese.
if (readStored().locale === 'en')
  void loadEnglish()
    .catch(() => undefined)
    .finally(() => {
      void start()
    })
else void start()
