import type { ContestsReviewScreen } from './contests-review-screens.ts'

/*
 * Which screen a path under /me/judging or /me/admin/contests shows, with its props. The router
 * (app/router.ts) has one record per prefix and leaves the rest to this table, so the first
 * screen's bundle, which carries every route record, does not grow with this feature's screens.
 */

export interface ContestsReviewMatch {
  screen: ContestsReviewScreen
  props: Record<string, string>
}

const ROUTES: readonly [RegExp, ContestsReviewScreen, readonly string[]][] = [
  [/^\/me\/judging$/, 'judging', []],
  [/^\/me\/judging\/([^/]+)$/, 'judgingPanel', ['panelId']],
  [/^\/me\/judging\/([^/]+)\/entries\/([^/]+)$/, 'judgingEntry', ['panelId', 'entryId']],
  [/^\/me\/admin\/contests$/, 'adminList', []],
  [/^\/me\/admin\/contests\/new$/, 'adminEdit', []],
  [/^\/me\/admin\/contests\/([^/]+)$/, 'admin', ['id']],
  [/^\/me\/admin\/contests\/([^/]+)\/edit$/, 'adminEdit', ['id']],
  [/^\/me\/admin\/contests\/([^/]+)\/panels\/([^/]+)$/, 'adminRanking', ['id', 'panelId']],
]

/** The screen for `path` (a trailing slash ignored), or null when there is none. */
export function contestsReviewMatch(path: string): ContestsReviewMatch | null {
  const clean = path.length > 1 ? path.replace(/\/+$/, '') : path
  for (const [pattern, screen, names] of ROUTES) {
    const found = pattern.exec(clean)
    if (!found) continue
    const props = Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(found[i + 1]!)]))
    return { screen, props }
  }
  return null
}
