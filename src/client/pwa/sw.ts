/// <reference lib="webworker" />
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching'
import { NavigationRoute, registerRoute } from 'workbox-routing'
import { registerRuntimeCaching } from './runtime-caching.ts'

declare const self: ServiceWorkerGlobalScope

// The shell, every lazy screen and the built content (JSON chunks): the app opens offline.
precacheAndRoute(self.__WB_MANIFEST)
cleanupOutdatedCaches()

// Any page address opens the shell (client-side routing), except the API.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/api\//] }))

registerRuntimeCaching()

// registerType 'prompt': the new worker waits until the page asks (AppUpdatePrompt, never while
// a form is dirty), then takes over and the page reloads.
self.addEventListener('message', (event: ExtendableMessageEvent) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting()
})

// A tapped notification (event reminder, notice) opens its page: in an open window when there is one.
self.addEventListener('notificationclick', (event: NotificationEvent) => {
  event.notification.close()
  const url = (event.notification.data as { url?: string } | null)?.url ?? '/'
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true })
    const open = windows[0]
    if (open) {
      await open.focus()
      await open.navigate(url)
    } else {
      await self.clients.openWindow(url)
    }
  })())
})
