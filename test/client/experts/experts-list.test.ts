import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { localDb } from '../../../src/client/local-db/local-db.ts'
import { json, mountApp, settle, stubFetch, waitFor } from '../helpers/mount-app.ts'
import { EXPERTS, li, ouyang, pageOf } from '../helpers/expert-fixtures.ts'

let online = true
const offline = () => Promise.reject(new TypeError('Failed to fetch'))
let pageReads = 0

beforeEach(() => {
  online = true
  pageReads = 0
  localStorage.clear()
  stubFetch({
    '/api/auth/session': () => (online ? json(200, { account: null, setupRequired: false }) : offline()),
    '/api/experts': () => (online ? json(200, { experts: EXPERTS }) : offline()),
    ...Object.fromEntries(
      EXPERTS.map((e) => [
        `/api/experts/${e.id}`,
        () => {
          pageReads++
          return online ? json(200, pageOf(e)) : offline()
        },
      ]),
    ),
  })
})
afterEach(async () => {
  await localDb.expertLists.clear()
  await localDb.expertPages.clear()
  document.body.innerHTML = ''
})

const names = (wrapper: VueWrapper) =>
  wrapper.findAll('[data-testid="expert-card"] .expert-card__name').map((n) => n.text())

async function search(wrapper: VueWrapper, text: string): Promise<void> {
  await wrapper.get('[data-testid="experts-search"] input').setValue(text)
  await settle()
}

async function openList(): Promise<VueWrapper> {
  const { wrapper } = await mountApp('/experts')
  await waitFor(wrapper, '[data-testid="experts-list"]')
  return wrapper
}

describe('the experts list', () => {
  it('finds experts by Chinese name, full pinyin, initials and a shown institution', async () => {
    const wrapper = await openList()
    expect(names(wrapper)).toEqual(['李四光研', '欧阳自远', '苏德辰', '王海洋'])
    expect(wrapper.get('[data-testid="experts-count"]').text()).toBe('共 4 位专家')

    await search(wrapper, '欧阳')
    expect(names(wrapper)).toEqual(['欧阳自远'])
    await search(wrapper, 'ouyang')
    expect(names(wrapper)).toEqual(['欧阳自远'])
    await search(wrapper, 'OYZY')
    expect(names(wrapper)).toEqual(['欧阳自远'])
    await search(wrapper, 'su de')
    expect(names(wrapper)).toEqual(['苏德辰'])
    await search(wrapper, '地质科学院')
    expect(names(wrapper)).toEqual(['李四光研', '苏德辰'])
    expect(wrapper.get('[data-testid="experts-count"]').text()).toBe('找到 2 位专家')

    await search(wrapper, 'zzzz')
    expect(wrapper.text()).toContain('没有找到与“zzzz”相关的专家')
  })

  it('browses by field and by region, and the filters combine with search', async () => {
    const wrapper = await openList()
    // Every theme is offered; those some expert shows carry their count.
    expect(wrapper.findAll('[data-testid^="experts-field-"]')).toHaveLength(17)
    expect(wrapper.get('[data-testid="experts-field-geohazards"]').text()).toBe('地质灾害防治1')

    await wrapper.get('[data-testid="experts-field-ocean"]').trigger('click')
    await settle()
    expect(names(wrapper)).toEqual(['王海洋'])
    await wrapper.get('[data-testid="experts-field-ocean"]').trigger('click') // a second tap clears it
    await settle()
    expect(names(wrapper)).toHaveLength(4)

    await wrapper.get('[data-testid="experts-region"]').setValue('110000')
    await settle()
    expect(names(wrapper)).toEqual(['李四光研'])
    await search(wrapper, 'wang')
    expect(wrapper.text()).toContain('没有找到与“wang”相关的专家')
    await wrapper.get('[data-testid="experts-region"]').setValue('330000')
    await settle()
    expect(names(wrapper)).toEqual(['王海洋'])

    await wrapper.get('[data-testid="experts-field-polar"]').trigger('click')
    await search(wrapper, '')
    expect(wrapper.text()).toContain('这个领域或地区还没有专家')
  })

  it('saves the list and every page in the background, then searches and opens them with no network', async () => {
    const first = await openList()
    await vi.waitFor(() => expect(first.get('[data-testid="experts-offline"]').attributes('data-state')).toBe('done'))
    expect(first.get('[data-testid="experts-offline"]').text()).toContain('全部 4 位专家的主页已存到本机')
    expect(pageReads).toBe(4)
    first.unmount()

    online = false
    const { wrapper, router } = await mountApp('/experts')
    await waitFor(wrapper, '[data-testid="experts-saved-copy"]')
    await search(wrapper, 'lsgy')
    expect(names(wrapper)).toEqual(['李四光研'])

    await router.push(`/experts/${li.id}`)
    await waitFor(wrapper, '[data-testid="expert-saved-copy"]')
    expect(wrapper.get('[data-testid="expert-bio"]').text()).toBe('研究滑坡四十年。')
    expect(wrapper.get('[data-testid="expert-event"]').text()).toContain('滑坡科普讲座')
    expect(wrapper.get('[data-testid="expert-event"]').text()).toContain('中国地质博物馆 · 讲座')
  })

  it('does not fetch pages again that were saved within the hour', async () => {
    const first = await openList()
    await vi.waitFor(() => expect(pageReads).toBe(4))
    first.unmount()
    const again = await openList()
    await settle()
    expect(pageReads).toBe(4)
    expect(again.get('[data-testid="experts-offline"]').attributes('data-state')).toBe('done')
  })
})

describe('the chief-expert badge', () => {
  it('says 原首席科学传播专家 for a term that ended, and the badge itself while a term runs', async () => {
    const wrapper = await openList()
    const card = (name: string) => wrapper.findAll('[data-testid="expert-card"]').find((c) => c.text().includes(name))!
    expect(card('欧阳自远').get('[data-testid="appointment-badge"]').text()).toBe('原首席科学传播专家')
    expect(card('苏德辰').get('[data-testid="appointment-badge"]').attributes('data-badge')).toBe('former')
    expect(card('王海洋').get('[data-testid="appointment-badge"]').text()).toBe('首席科学传播专家')
    expect(card('李四光研').find('[data-testid="appointment-badge"]').exists()).toBe(false)
  })

  it('shows the appointment on the page: batch, date and term, as former', async () => {
    const { wrapper } = await mountApp(`/experts/${ouyang.id}`)
    const appointment = await waitFor(wrapper, '[data-testid="expert-appointment"]')
    expect(appointment.text()).toContain('原国土资源首席科学传播专家')
    expect(appointment.text()).toContain('第 1 批')
    expect(appointment.text()).toContain('2017-04-17')
    expect(appointment.text()).toContain('5 年（至 2022-04-16）')
    expect(appointment.text()).toContain('任期已满')
    expect(wrapper.get('[data-testid="appointment-badge"]').text()).toBe('原首席科学传播专家')
    expect(wrapper.get('[data-testid="expert-affiliation"]').text()).toBe('中国科学院院士')
  })

  it('turns a saved "current" badge into "former" once the term is over, whatever the copy says', async () => {
    const { appointmentBadge } = await import('../../../src/client/experts/expert-badge.ts')
    const running = { current: true, endsOn: '2022-04-17' }
    expect(appointmentBadge(running, '2022-04-16')).toBe('current')
    expect(appointmentBadge(running, '2022-04-17')).toBe('former')
    expect(appointmentBadge({ current: false, endsOn: '2100-01-01' }, '2030-01-01')).toBe('former')
    expect(appointmentBadge(null, '2030-01-01')).toBeNull()
  })
})
