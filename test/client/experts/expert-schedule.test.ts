import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Account, ExpertScheduleResponse } from '../../../src/shared/index.ts'
import { json, mountApp, settle, stubFetch, waitFor } from '../helpers/mount-app.ts'

const expert: Account = {
  id: '0193b2c4-0000-7000-8000-00000000000e',
  username: 'li-expert',
  displayName: '李四光研',
  role: 'expert',
  status: 'active',
  baseId: null,
  school: null,
  createdAt: '2026-11-01T00:00:00.000Z',
}
type Item = ExpertScheduleResponse['items'][number]
const year = new Date().getUTCFullYear() + 1
const day = `${year}-05-12`
const item = (id: string, title: string, start: string, end: string, status: Item['status'], conflicts: string[]) =>
  ({
    id,
    status,
    expert: { id: '0193b2c4-0000-7000-8000-00000000e003', name: '李四光研', title: null },
    event: {
      id: `0193b2c4-0000-7000-8000-0000000000${id.slice(-2)}`,
      title,
      start: `${day}T${start}:00+08:00`,
      end: `${day}T${end}:00+08:00`,
      place: '报告厅',
      cancelled: false,
    },
    base: { id: 'geological-museum-of-china', name: { zh: '中国地质博物馆', en: 'Geological Museum of China' } },
    date: day,
    format: 'talk',
    message: '诚邀您来讲一堂课。',
    declineReason: null,
    withdrawnBy: null,
    withdrawReason: null,
    createdAt: '2026-11-01T00:00:00.000Z',
    respondedAt: null,
    withdrawnAt: null,
    conflicts,
  }) satisfies Item
const A = '0193b2c4-0000-7000-8000-0000000000a1'
const B = '0193b2c4-0000-7000-8000-0000000000b2'
let items: Item[] = []
let accepted: string[] = []

beforeEach(() => {
  accepted = []
  // An accepted morning talk, and a request for a walk that overlaps it: the server flags both.
  items = [
    item(A, '滑坡科普讲座', '09:00', '11:00', 'accepted', [B]),
    item(B, '地质研学', '10:30', '12:00', 'requested', [A]),
  ]
  stubFetch({
    '/api/auth/session': () => json(200, { account: expert, setupRequired: false }),
    '/api/expert/schedule': () => json(200, { items }),
    [`/api/expert/requests/${B}/accept`]: () => {
      accepted.push(B)
      items = items.map((i) => (i.id === B ? { ...i, status: 'accepted' } : i))
      const { conflicts: _, ...request } = items.find((i) => i.id === B)!
      return json(200, { request })
    },
  })
})
afterEach(() => {
  document.body.innerHTML = ''
})

describe("the expert's requests and schedule", () => {
  it('flags a request that clashes with an accepted engagement, naming it, and accepts with a tap', async () => {
    const { wrapper } = await mountApp('/me/expert/requests')
    const waiting = await waitFor(wrapper, '[data-testid="schedule-waiting"] [data-testid="request-requested"]')
    expect(waiting.text()).toContain('地质研学')
    expect(waiting.get('[data-testid="request-conflict"]').text()).toMatch(/^时间冲突：滑坡科普讲座（.+ 09:00–11:00）$/)
    const acceptedCard = wrapper.get('[data-testid="schedule-accepted"] [data-testid="request-accepted"]')
    expect(acceptedCard.get('[data-testid="request-conflict"]').text()).toContain('地质研学')

    await waiting.get('[data-testid="request-accept"]').trigger('click')
    await vi.waitFor(() => expect(accepted).toEqual([B]))
    await settle()
    expect(wrapper.get('[data-testid="schedule-waiting"]').text()).toContain('没有待回复的邀请')
    expect(wrapper.findAll('[data-testid="schedule-accepted"] [data-testid="request-accepted"]')).toHaveLength(2)
  })
})
