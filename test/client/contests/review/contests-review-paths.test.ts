import { describe, expect, it } from 'vitest'
import { contestsReviewMatch } from '../../../../src/client/contests/review/contests-review-paths.ts'

/* The feature's two route records leave the screen to this table: every URL must land where it did. */

describe('contest review paths', () => {
  it.each([
    ['/me/judging', 'judging', {}],
    ['/me/judging/', 'judging', {}],
    ['/me/judging/p1', 'judgingPanel', { panelId: 'p1' }],
    ['/me/judging/p1/entries/e1', 'judgingEntry', { panelId: 'p1', entryId: 'e1' }],
    ['/me/admin/contests', 'adminList', {}],
    ['/me/admin/contests/new', 'adminEdit', {}],
    ['/me/admin/contests/c1', 'admin', { id: 'c1' }],
    ['/me/admin/contests/c1/edit', 'adminEdit', { id: 'c1' }],
    ['/me/admin/contests/c1/panels/p1', 'adminRanking', { id: 'c1', panelId: 'p1' }],
  ])('%s shows %s', (path, screen, props) => {
    expect(contestsReviewMatch(path)).toEqual({ screen, props })
  })

  it.each(['/me/judging/p1/entries', '/me/admin/contests/c1/panels', '/me/judging/p1/x/y/z'])(
    '%s is no page',
    (path) => {
      expect(contestsReviewMatch(path)).toBeNull()
    },
  )
})
