import { createApp } from 'vue'
import { createPinia } from 'pinia'
import './styles/tokens.css'
import './styles/base.css'
import App from './app/App.vue'
import { i18n } from './app/i18n.ts'
import { createAppRouter } from './app/router.ts'
import { registerServiceWorker } from './pwa/register.ts'

const app = createApp(App)
app.use(createPinia())
app.use(i18n)
app.use(createAppRouter())
app.mount('#app')
registerServiceWorker()
