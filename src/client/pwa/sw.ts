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

// Web Push (notices): show what the server sent. A tap on any notification (notice, event reminder)
// opens its page, in an open window or a new one.
// The payload is checked, never trusted: a malformed push still shows a generic alert, because a
// push that shows nothing makes browsers revoke the subscription.
interface PushPayload {
  noticeId?: string
  title?: string
  body?: string
}
self.addEventListener('push', (event: PushEvent) => {
  let data: PushPayload = {}
  try {
    data = (event.data?.json() ?? {}) as PushPayload
  } catch {
    data = {}
  }
  const id = typeof data.noticeId === 'string' && /^[0-9a-f-]{36}$/.test(data.noticeId) ? data.noticeId : null
  event.waitUntil(
    self.registration.showNotification(typeof data.title === 'string' ? data.title : '预警通知', {
      body: typeof data.body === 'string' ? data.body : '',
      icon: '/icons/icon-192.png',
      badge: '/icons/icon-192.png',
      tag: id ?? 'notice',
      data: { url: id ? `/notices/${id}` : '/notices' },
    }),
  )
})

self.addEventListener('notificationclick', (event: NotificationEvent) => {
  event.notification.close()
  const url = (event.notification.data as { url?: string } | null)?.url ?? '/notices'
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true })
      const open = windows[0]
      if (open) {
        await open.focus()
        await open.navigate(url).catch(() => null)
      } else await self.clients.openWindow(url)
    })(),
  )
})
