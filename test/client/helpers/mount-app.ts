import { flushPromises, mount, type DOMWrapper, type VueWrapper } from '@vue/test-utils'
import { vi } from 'vitest'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import type { Component } from 'vue'
import App from '../../../src/client/app/App.vue'
import { i18n } from '../../../src/client/app/i18n.ts'
import { createAppRouter } from '../../../src/client/app/router.ts'
import { firstScreenTasksStarted } from '../../../src/client/app/after-first-screen.ts'

/*
 * What the shell loads lazily once the first screen is up. Loaded here first, so that its loaders
 * finish within `settle()` even when transforming a module on demand is slow (a loaded host): a
 * loader still running when the test ends fails the run with "environment was torn down".
 */
let shellModules: Promise<unknown> | null = null
const loadShellModules = () =>
  (shellModules ??= Promise.all([
    import('../../../src/client/notices/banner/NoticeBanner.vue'),
    import('../../../src/client/calendar/reminder/CalendarReminderBanner.vue'),
    import('../../../src/client/bases/store/bases-store.ts'),
    import('../../../src/client/works/app-works.ts'),
    import('../../../src/client/sync/autostart.ts'),
  ]))

/** Mounts the real app (router, Pinia, i18n) at `path`, the way src/client/main.ts does, on a memory history. */
export async function mountApp(
  path = '/',
  root: Component = App,
): Promise<{ wrapper: VueWrapper; router: ReturnType<typeof createAppRouter>; pinia: Pinia }> {
  await loadShellModules()
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createAppRouter(createMemoryHistory())
  await router.push(path)
  await router.isReady()
  const wrapper = mount(root, { global: { plugins: [pinia, i18n, router] }, attachTo: document.body })
  await settle()
  // What the shell starts once the first screen is up (notices, reminders, staff sync).
  await firstScreenTasksStarted()
  await settle()
  return { wrapper, router, pinia }
}

/** Lets lazy routes, dynamic content imports and promises finish. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await flushPromises()
    await new Promise((resolve) => setTimeout(resolve, 0))
  }
}

/** A fetch stub answering by path; unknown paths fail loudly so a test cannot pass by accident. */
export function stubFetch(routes: Record<string, (init?: RequestInit) => Response | Promise<Response>>): void {
  globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.pathname : input.url
    const path = url.split('?')[0] ?? url
    const handler = routes[path]
    if (!handler) return Promise.reject(new Error(`unexpected fetch ${path}`))
    return Promise.resolve(handler(init))
  }
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })
}

/** Waits (up to 5 s: a lazy route's first import is transformed on demand) for an element. */
export async function waitFor(wrapper: VueWrapper, selector: string): Promise<Omit<DOMWrapper<Element>, 'exists'>> {
  return vi.waitFor(() => wrapper.get(selector), { timeout: 5000, interval: 20 })
}
