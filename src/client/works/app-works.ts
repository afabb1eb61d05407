import type { PublishedWork } from '../../shared/schemas/work-edit.ts'
import { ask } from '../app/off-thread.ts'
import { useContentStore } from '../content/content-store.ts'
import { appWorkSummary, appWorkText } from './app-work-view.ts'

/*
 * The page's side of the works feed (works/works-feed.ts, in the API worker): loaded after the
 * first screen (app/AppShell.vue) and by a work's page, it asks the worker for the server's changes
 * when the app opens, returns to the foreground or reconnects, and gives the content store the works
 * the phone has, so the 作品 list, a work's page and the offline search show them. Offline, or
 * when the server cannot answer, the kept copy is shown.
 */

function show(works: PublishedWork[], removed: string[]): void {
  useContentStore().appWorks = {
    works: works.map(appWorkSummary),
    texts: new Map(works.map((w) => [w.id, appWorkText(w)])),
    removed: new Set(removed),
    keys: new Map(works.flatMap((w) => (w.titleKeys ? [[w.id, w.titleKeys] as const] : []))),
  }
}

let kept: Promise<void> | null = null
/** Shows the works the phone kept, without asking the server (a work's page opened offline). */
export async function loadKeptAppWorks(): Promise<void> {
  if (useContentStore().appWorks) return
  kept ??= (async () => {
    try {
      const reply = await ask({ kind: 'works-kept' })
      if (reply.kind === 'works-kept' && !useContentStore().appWorks) show(reply.works, reply.removed)
    } finally {
      kept = null
    }
  })()
  return kept
}

let refreshing: Promise<void> | null = null
/** Takes the server's changes to the works and shows the result; offline, shows the kept works. */
export function refreshAppWorks(): Promise<void> {
  refreshing ??= (async () => {
    try {
      const reply = await ask({ kind: 'works-refresh' })
      if (reply.kind === 'works-kept') return show(reply.works, reply.removed)
      const saved = await ask({ kind: 'works-kept' })
      if (saved.kind === 'works-kept') show(saved.works, saved.removed)
    } finally {
      refreshing = null
    }
  })()
  return refreshing
}

let started = false
/** When the app opens, returns to the foreground or reconnects: once per app (app/AppShell.vue). */
export function startAppWorksRefresh(): void {
  if (started || typeof window === 'undefined') return
  started = true
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void refreshAppWorks()
  })
  window.addEventListener('online', () => void refreshAppWorks())
  void refreshAppWorks()
}
