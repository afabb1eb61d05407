import { backoffDelay } from './sync-records.ts'

/*
 * When a sync runs (README.md, "When to push"): driven by the page, never by Background Sync,
 * which Safari lacks (pitfalls 16–17). A run soon after start, `online`, the page becoming visible
 * and every local write; a backoff timer while anything is still queued.
 */

export interface SyncTimers {
  setTimeout(run: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

/** Where `online`, `offline` and `visibilitychange` come from. */
export interface SyncEventSources {
  window?: EventTarget
  document?: EventTarget & { visibilityState: DocumentVisibilityState }
}

const globalTimers: SyncTimers = {
  setTimeout: (run, ms) => globalThis.setTimeout(run, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
}

export class SyncTriggers {
  private timer: unknown = null
  private attempt = 0
  private readonly detach: (() => void)[] = []

  constructor(
    private readonly run: () => void,
    private readonly random: () => number,
    private readonly timers: SyncTimers = globalTimers,
  ) {}

  /** Failed or unfinished runs in a row: the backoff step the timer is on. */
  get retryAttempt(): number {
    return this.attempt
  }

  /** Listens to the page; `onOffline` lets the status say so at once. */
  listen(sources: SyncEventSources | false | undefined, onOffline: () => void): void {
    const events =
      sources === false
        ? {}
        : (sources ?? {
            window: typeof window === 'undefined' ? undefined : window,
            document: typeof document === 'undefined' ? undefined : document,
          })
    const on = (target: EventTarget | undefined, type: string, handler: () => void) => {
      if (!target) return
      target.addEventListener(type, handler)
      this.detach.push(() => target.removeEventListener(type, handler))
    }
    on(events.window, 'online', () => this.soon())
    on(events.window, 'offline', onOffline)
    on(events.document, 'visibilitychange', () => {
      if (events.document?.visibilityState === 'visible') this.soon()
    })
  }

  /** A run soon, through the timer, so a burst of taps becomes one run. */
  soon(): void {
    this.schedule(0)
  }

  /**
   * After a run: a clean run resets the backoff. While records are still queued, the next run
   * waits 2 s doubling to 5 min with full jitter, or longer when the server asked (Retry-After).
   */
  afterRun(clean: boolean, queued: boolean, atLeastMs = 0): void {
    if (clean) this.attempt = 0
    if (!queued) return
    this.attempt += 1
    this.schedule(Math.max(backoffDelay(this.attempt, this.random), atLeastMs))
  }

  cancel(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer)
    this.timer = null
  }

  stop(): void {
    this.cancel()
    for (const off of this.detach.splice(0)) off()
  }

  private schedule(ms: number): void {
    this.cancel()
    this.timer = this.timers.setTimeout(() => {
      this.timer = null
      this.run()
    }, ms)
  }
}
