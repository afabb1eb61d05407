import { z } from 'zod'
import { publicEvent } from '../../shared/schemas/events.ts'

/**
 * The calendar's saved copy of the events list (localStorage), validated when it is read back:
 * loaded by events-store.ts only then, as the live list is validated in the API worker.
 */
export const cachedEvents = z.object({ fetchedAt: z.iso.datetime(), events: z.array(publicEvent) })
export type CachedEvents = z.infer<typeof cachedEvents>
