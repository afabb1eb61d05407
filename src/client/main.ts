import { createApp } from 'vue'
import { createPinia } from 'pinia'
import './styles/tokens.css'
import './styles/base.css'
import App from './app/App.vue'
import { i18n, loadEnglish } from './app/i18n.ts'
import { readStored } from './app/settings-store.ts'
import { createAppRouter } from './app/router.ts'
import { registerServiceWorker } from './pwa/register.ts'

// The first screen's lazy pieces are requested at once instead of one after another: on a slow
// phone network each link of that chain (view → map → bases) costs a round trip before any base shows.
if (location.pathname === '/' || location.pathname === '/bases') {
  void import('./bases/BasesView.vue')
  void import('./bases/map/BasesMap.vue')
  void import('../../generated/content/bases.json')
}

const app = createApp(App)
app.use(createPinia())
app.use(i18n)
app.use(createAppRouter())
function start(): void {
  app.mount('#app')
  registerServiceWorker()
}
// English is a lazy chunk: someone who chose it gets it before the first paint, not a flash of Chinese.
if (readStored().locale === 'en') void loadEnglish().catch(() => undefined).finally(start)
else start()
