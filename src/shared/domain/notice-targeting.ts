import type { CapReference, Notice, NoticeArea } from '../schemas/notice.ts'
import { distanceKm, type LatLon } from './geo.ts'

/** What a visitor follows: provinces (GB/T 2260 codes) and, if they allowed it, where they are. */
export interface NoticeTarget {
  provinces: readonly string[]
  position?: LatLon | null
}

/** Ray casting on [lat, lon] rings; fine at province scale (no antimeridian in China). */
export function pointInPolygon(p: LatLon, ring: readonly (readonly [number, number])[]): boolean {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [yi, xi] = ring[i]!
    const [yj, xj] = ring[j]!
    if (yi > p.lat !== yj > p.lat && p.lon < ((xj - xi) * (p.lat - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

/** Whether an area concerns the visitor: a followed province, or their position inside a shape. */
export function areaApplies(area: NoticeArea, target: NoticeTarget): boolean {
  if (area.provinces.some((code) => target.provinces.includes(code))) return true
  const at = target.position
  if (!at) return false
  return (
    area.polygons.some((ring) => pointInPolygon(at, ring)) || area.circles.some((c) => distanceKm(at, c) <= c.radiusKm)
  )
}

/** Where a notice stands at a given moment, for the visitor. */
export type NoticeState = 'current' | 'upcoming' | 'expired' | 'cancelled'

/** The latest message of one chain (Alert → Update … → Cancel) and what it replaced. */
export interface NoticeThread {
  latest: Notice
  state: NoticeState
  /** Earlier messages of the chain, newest first. */
  earlier: Notice[]
}

const key = (r: Pick<CapReference, 'sender' | 'identifier'>) => `${r.sender}\u0000${r.identifier}`

/**
 * Folds notices into threads: an Update replaces what it references and a Cancel withdraws it,
 * so each chain shows once, as its latest message. A thread is `current` until it expires
 * (or `upcoming` before it takes effect); cancelled and expired ones are history.
 * Messages referencing a notice we never received still stand on their own.
 */
export function noticeThreads(
  notices: readonly Notice[],
  now: Date,
): { current: NoticeThread[]; history: NoticeThread[] } {
  const byKey = new Map(notices.map((n) => [key(n), n]))
  // Which notice replaced each referenced one (the latest, if several reference it).
  const replacedBy = new Map<string, Notice>()
  for (const n of notices) {
    for (const ref of n.references) {
      const prev = replacedBy.get(key(ref))
      if (byKey.has(key(ref)) && (!prev || Date.parse(prev.sent) < Date.parse(n.sent))) replacedBy.set(key(ref), n)
    }
  }
  const earlierOf = (n: Notice, seen = new Set<string>()): Notice[] => {
    const out: Notice[] = []
    for (const ref of n.references) {
      const prev = byKey.get(key(ref))
      if (!prev || seen.has(key(prev)) || replacedBy.get(key(prev)) !== n) continue
      seen.add(key(prev))
      out.push(prev, ...earlierOf(prev, seen))
    }
    return out.sort((a, b) => Date.parse(b.sent) - Date.parse(a.sent))
  }
  const current: NoticeThread[] = []
  const history: NoticeThread[] = []
  for (const n of notices) {
    if (replacedBy.has(key(n))) continue
    const state = stateAt(n, now)
    const thread = { latest: n, state, earlier: earlierOf(n) }
    ;(state === 'current' || state === 'upcoming' ? current : history).push(thread)
  }
  // Most severe first on screen; among equals, the newest.
  const rank = (t: NoticeThread) => (t.latest.level ? ['blue', 'yellow', 'orange', 'red'].indexOf(t.latest.level) : -1)
  current.sort((a, b) => rank(b) - rank(a) || Date.parse(b.latest.sent) - Date.parse(a.latest.sent))
  history.sort((a, b) => Date.parse(b.latest.sent) - Date.parse(a.latest.sent))
  return { current, history }
}

function stateAt(n: Notice, now: Date): NoticeState {
  if (n.msgType === 'Cancel') return 'cancelled'
  if (n.expires && Date.parse(n.expires) <= now.getTime()) return 'expired'
  if (n.effective && Date.parse(n.effective) > now.getTime()) return 'upcoming'
  return 'current'
}

/** A thread concerns the visitor when any of its messages' areas does (a Cancel may name less). */
export const threadApplies = (thread: NoticeThread, target: NoticeTarget): boolean =>
  [thread.latest, ...thread.earlier].some((n) => areaApplies(n.area, target))

/** Where a notice is, for "nearest bases": the middle of its shapes, or null for provinces only. */
export function areaCentre(area: NoticeArea): LatLon | null {
  const points: LatLon[] = [
    ...area.circles,
    ...area.polygons.flatMap((ring) => ring.slice(1).map(([lat, lon]) => ({ lat, lon }))),
  ]
  if (points.length === 0) return null
  return {
    lat: points.reduce((s, p) => s + p.lat, 0) / points.length,
    lon: points.reduce((s, p) => s + p.lon, 0) / points.length,
  }
}

/** A notice's revision key: a banner dismissed for one message comes back for its Update. */
export const noticeRevision = (n: Pick<Notice, 'sender' | 'identifier'>): string => `${n.sender}/${n.identifier}`
