import { registerSW } from 'virtual:pwa-register'
import { onOfflineReady, onUpdateReady } from '../app/pwa-update.ts'

const HOUR = 60 * 60 * 1000

/**
 * Registers the generated service worker from our own bundle (no inline script, strict CSP) and
 * checks for a new version every hour, since a PWA left open for days would otherwise never see
 * one (vite-plugin-pwa #482).
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return
  const updateSW = registerSW({
    onNeedRefresh: () => onUpdateReady(updateSW),
    onOfflineReady,
    onRegisteredSW(_url, registration) {
      if (!registration) return
      setInterval(() => {
        if (navigator.onLine) registration.update().catch(() => undefined)
      }, HOUR)
    },
  })
}
