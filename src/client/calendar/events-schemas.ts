import { z } from 'zod'
import { eventsResponse, publicEvent } from '../../shared/index.ts'

/**
 * The calendar's validation, loaded by events-store.ts alongside its first request instead of
 * with the 日历 tab's code: Zod and the schemas are the heaviest script the tab would otherwise run
 * before drawing the theme days, which need no validation (they ship checked, in the app).
 */
export const cachedEvents = z.object({ fetchedAt: z.iso.datetime(), events: z.array(publicEvent) })
export type CachedEvents = z.infer<typeof cachedEvents>
export { eventsResponse, publicEvent }
