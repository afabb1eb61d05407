import type { NoticeAreas } from '../notice-areas-schema.ts'

export type { NoticeAreas }

/*
 * What the visitor follows, kept on the device only (localStorage: small, so it is read as soon as
 * the notices load). A position is kept only when they allowed location. What was saved is
 * validated with a schema that loads only when something was saved: a visitor who never chose an
 * area (most of them) does not load Zod for it.
 */
const AREAS_KEY = 'zk.notice-areas'
const DISMISSED_KEY = 'zk.notice-dismissed'
/** Dismissed banners remembered; older ones are long expired. */
const DISMISSED_MAX = 200

/** Nothing chosen: every notice is listed and none is raised as a banner. */
export const NO_AREAS: NoticeAreas = Object.freeze({ provinces: [], useLocation: false, position: null })

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

export async function readAreas(): Promise<NoticeAreas> {
  const saved = read(AREAS_KEY)
  if (saved === null) return NO_AREAS
  const { noticeAreas } = await import('../notice-areas-schema.ts')
  const parsed = noticeAreas.safeParse(saved)
  return parsed.success ? parsed.data : NO_AREAS
}
export const writeAreas = (areas: NoticeAreas) => write(AREAS_KEY, areas)

export async function readDismissed(): Promise<string[]> {
  const saved = read(DISMISSED_KEY)
  if (saved === null) return []
  const { dismissedRevisions } = await import('../notice-areas-schema.ts')
  const parsed = dismissedRevisions.safeParse(saved)
  return parsed.success ? parsed.data : []
}
export const writeDismissed = (list: string[]) => write(DISMISSED_KEY, list.slice(-DISMISSED_MAX))

/** WeChat's in-app browser: no Web Push, no install, its cache is cleared at will. */
export const isWeChatBrowser = (userAgent = typeof navigator === 'undefined' ? '' : navigator.userAgent) =>
  /MicroMessenger/i.test(userAgent)
