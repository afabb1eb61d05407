import { flushPromises, mount } from '@vue/test-utils'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { i18n } from '../../../src/client/app/i18n.ts'
import ContestVoteButton from '../../../src/client/contests/ContestVoteButton.vue'
import { loadContestMessages } from '../../../src/client/contests/contests-messages.ts'
import { todayInChina } from '../../../src/shared/domain/calendar-date.ts'
import { json, stubFetch } from '../helpers/mount-app.ts'

const CONTEST = '0193b2c4-0000-7000-8000-0000000000c1'
const ENTRY = '0193b2c4-0000-7000-8000-0000000000e1'
const VOTES = `/api/contests/${CONTEST}/votes`
const DEVICE = '/api/contest-votes/device'
const refusal = (statusCode: number, message: string, reason?: string) =>
  json(statusCode, { statusCode, error: 'refused', message, ...(reason ? { reason } : {}) })

let tokensIssued: number
let votesSent: { entryId: string; deviceToken: string }[]
function server(vote: (body: { entryId: string; deviceToken: string }) => Response) {
  stubFetch({
    [DEVICE]: () => json(201, { deviceToken: `device-token-${String(++tokensIssued)}` }),
    [VOTES]: (init) => {
      const body = JSON.parse(init?.body as string) as { entryId: string; deviceToken: string }
      votesSent.push(body)
      return vote(body)
    },
  })
}

const mountButton = () =>
  mount(ContestVoteButton, {
    props: { contestId: CONTEST, entryId: ENTRY, title: '冰与火之歌' },
    global: { plugins: [i18n] },
  })
async function tap(wrapper: ReturnType<typeof mountButton>) {
  await wrapper.get('[data-testid="vote-button"]').trigger('click')
  await flushPromises()
  await flushPromises()
}
const state = (wrapper: ReturnType<typeof mountButton>) => wrapper.get('[data-testid="vote"]').attributes('data-state')

beforeAll(async () => {
  await loadContestMessages()
  i18n.global.locale.value = 'zh-CN'
})
beforeEach(() => {
  localStorage.clear()
  tokensIssued = 0
  votesSent = []
})

describe('the vote button', () => {
  it('votes with a device token it asks for once, then says it voted today, also after a reload', async () => {
    server(() => json(201, { ok: true, day: todayInChina() }))
    const wrapper = mountButton()
    expect(wrapper.text()).toContain('投一票')
    await tap(wrapper)
    expect(state(wrapper)).toBe('voted')
    expect(wrapper.text()).toContain('已投票，谢谢！')
    expect(wrapper.text()).toContain('明天（北京时间）可以再投')
    expect(votesSent).toEqual([{ entryId: ENTRY, deviceToken: 'device-token-1' }])
    // The page opened again: the phone remembers today's vote and the button cannot be tapped.
    const again = mountButton()
    expect(state(again)).toBe('already')
    expect(again.get('[data-testid="vote-button"]').attributes('disabled')).toBeDefined()
    await tap(again)
    expect(votesSent).toHaveLength(1)
  })

  it('says "already voted today" when the server has this device’s vote for the entry', async () => {
    server(() =>
      // The reason decides, not the words: a translated message must not turn it into "closed".
      refusal(409, '今天已经为这件作品投过票，明天可以再投', 'already-voted'),
    )
    const wrapper = mountButton()
    await tap(wrapper)
    expect(state(wrapper)).toBe('already')
    expect(wrapper.text()).toContain('今天已为这件作品投过票')
  })

  it('tells a closed vote and a network over its daily cap apart, in the server’s words', async () => {
    server(() =>
      refusal(409, '投票时间为 2026-05-16 至 2026-05-20（北京时间）/ the public vote runs from …', 'vote-closed'),
    )
    const closed = mountButton()
    await tap(closed)
    expect(state(closed)).toBe('closed')
    expect(closed.text()).toContain('投票时间为 2026-05-16 至 2026-05-20（北京时间）')

    server(() =>
      refusal(429, '这个网络今天的投票已达上限，明天可以再投 / this network has cast as many votes as a day allows'),
    )
    const limited = mountButton()
    await tap(limited)
    expect(state(limited)).toBe('limited')
    expect(limited.text()).toContain('这个网络今天的投票已达上限')
  })

  it('replaces a token the server no longer knows and sends the vote again', async () => {
    localStorage.setItem('zk-contest-vote-device', 'stale-token-from-last-year')
    server((body) =>
      body.deviceToken === 'stale-token-from-last-year'
        ? refusal(403, '设备凭证无效，请刷新页面后再投 / device token not valid')
        : json(201, { ok: true, day: todayInChina() }),
    )
    const wrapper = mountButton()
    await tap(wrapper)
    expect(state(wrapper)).toBe('voted')
    expect(votesSent.map((v) => v.deviceToken)).toEqual(['stale-token-from-last-year', 'device-token-1'])
    expect(localStorage.getItem('zk-contest-vote-device')).toBe('device-token-1')
  })

  it('can be tapped again after a vote lost to a dropped connection', async () => {
    globalThis.fetch = () => Promise.reject(new TypeError('Failed to fetch'))
    const wrapper = mountButton()
    await tap(wrapper)
    expect(state(wrapper)).toBe('offline')
    expect(wrapper.text()).toContain('网络不通，未能投票')
    server(() => json(201, { ok: true, day: todayInChina() }))
    await tap(wrapper)
    expect(state(wrapper)).toBe('voted')
  })
})
