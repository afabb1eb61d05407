/**
 * Work the first screen does not need (the service worker's precache, emergency-notice refresh,
 * reminders, staff sync) starts once the page has loaded and the main thread is idle, instead of
 * competing with the first screen's code, data and rendering on a slow phone. The idle wait is
 * capped, so a page that never goes idle still starts it within a few seconds.
 */
let pending: Promise<void>[] = []

export function afterFirstScreen(task: () => void): void {
  pending.push(
    new Promise<void>((resolve) => {
      const run = () => {
        try {
          task()
        } finally {
          resolve()
        }
      }
      const whenIdle = () => {
        if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 3000 })
        else setTimeout(run, 50)
      }
      if (document.readyState === 'complete') whenIdle()
      else addEventListener('load', whenIdle, { once: true })
    }),
  )
}

/** Resolves once every task scheduled so far has started (for tests that mount the whole app). */
export async function firstScreenTasksStarted(): Promise<void> {
  const started = pending
  pending = []
  await Promise.all(started)
}
