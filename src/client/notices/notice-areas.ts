import { z } from 'zod'
import { PROVINCE_CODES } from '../../shared/domain/provinces.ts'

/*
 * What the visitor follows, kept on the device only (localStorage: small, read before the first
 * paint so the banner can show at once). A position is kept only when they allowed location.
 */
const AREAS_KEY = 'zk.notice-areas'
const DISMISSED_KEY = 'zk.notice-dismissed'
/** Dismissed banners remembered; older ones are long expired. */
const DISMISSED_MAX = 200

export const noticeAreas = z.object({
  provinces: z.array(z.enum(PROVINCE_CODES)).default([]),
  useLocation: z.boolean().default(false),
  position: z.object({ lat: z.number(), lon: z.number() }).nullable().default(null),
})
export type NoticeAreas = z.infer<typeof noticeAreas>

function read(key: string): unknown {
  try {
    return JSON.parse(localStorage.getItem(key) ?? 'null')
  } catch {
    return null
  }
}
function write(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value))
  } catch {
    // Storage blocked (private mode): the choice holds for this visit.
  }
}

export function readAreas(): NoticeAreas {
  const parsed = noticeAreas.safeParse(read(AREAS_KEY) ?? {})
  return parsed.success ? parsed.data : noticeAreas.parse({})
}
export const writeAreas = (areas: NoticeAreas) => write(AREAS_KEY, areas)

export function readDismissed(): string[] {
  const parsed = z.array(z.string()).safeParse(read(DISMISSED_KEY))
  return parsed.success ? parsed.data : []
}
export const writeDismissed = (list: string[]) => write(DISMISSED_KEY, list.slice(-DISMISSED_MAX))

/** WeChat's in-app browser: no Web Push, no install, its cache is cleared at will. */
export const isWeChatBrowser = (userAgent = typeof navigator === 'undefined' ? '' : navigator.userAgent) => /MicroMessenger/i.test(userAgent)
