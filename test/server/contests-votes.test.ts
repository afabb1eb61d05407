import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiError, ContestDetail, ContestEntry, ContestVotes } from '../../src/shared/index.ts'
import {
  buildContestApp,
  createContest,
  day,
  explanationContest,
  signIn,
  submittedEntry,
  VTT,
  type ContestApp,
} from './helpers/contest-fixtures.ts'
import { ORIGIN, TestClient } from './helpers/test-app.ts'

/*
 * The public vote: shortlisted entries watched by anyone while it runs, one vote per device
 * token, entry and Asia/Shanghai day, caps per address, anomaly flags an admin can discount.
 */

let t: ContestApp
let admin: TestClient
let contestId: string
const entries: Record<string, ContestEntry> = {}
const limits = {
  perAddressPerEntryPerDay: 4,
  perAddressPerDay: 6,
  burstVotes: 3,
  burstMinutes: 10,
  newDeviceMinutes: 30,
  newDeviceCluster: 3,
}
const voteDay = day(17)

/** A vote token as a phone gets it, asked from its own address. */
async function token(app: FastifyInstance, ip: string): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/contest-votes/device',
    remoteAddress: ip,
    headers: { origin: ORIGIN },
  })
  expect(response.statusCode, response.body).toBe(201)
  return response.json<{ deviceToken: string }>().deviceToken
}
const vote = (entryId: string, deviceToken: string, ip: string) =>
  t.app.inject({
    method: 'POST',
    url: `/api/contests/${contestId}/votes`,
    remoteAddress: ip,
    headers: { origin: ORIGIN },
    payload: { entryId, deviceToken },
  })
const at = (time: string) => {
  t.clock.setTo(new Date(`${voteDay}T${time}+08:00`))
}
const report = async () => (await admin.request({ url: `/api/admin/contests/${contestId}/votes` })).json<ContestVotes>()

beforeAll(async () => {
  t = await buildContestApp()
  admin = await signIn(t, 'votes-admin', 'admin')
  const school = await signIn(t, 'votes-school', 'school')
  const staff = await signIn(t, 'votes-staff', 'base_staff', { baseId: 'geological-museum-of-china' })
  contestId = await createContest(
    admin,
    explanationContest({ vote: { mode: 'popularity-award', awardId: 'popularity', limits } }),
  )
  entries.a = await submittedEntry(school, contestId, '甲：岩石')
  entries.b = await submittedEntry(staff, contestId, '乙：恐龙')
  entries.c = await submittedEntry(school, contestId, '丙：未入围')
  t.clock.setTo(new Date(`${day(7)}T10:00:00+08:00`))
  for (const entry of Object.values(entries))
    await admin.request({
      method: 'POST',
      url: `/api/admin/contest-entries/${entry.id}/eligibility`,
      payload: { eligible: true },
    })
  const shortlisted = await admin.request({
    method: 'PUT',
    url: `/api/admin/contests/${contestId}/shortlist`,
    payload: { entryIds: [entries.a.id, entries.b.id] },
  })
  expect(shortlisted.statusCode, shortlisted.body).toBe(200)
}, 180_000)
afterAll(async () => {
  await t.close()
})

describe('before the vote', () => {
  it('shows no shortlist and takes no votes', async () => {
    const contest = (await new TestClient(t.app).request({ url: `/api/contests/${contestId}` })).json<{
      contest: ContestDetail
    }>().contest
    expect(contest.shortlist).toEqual([])
    const response = await vote(entries.a!.id, await token(t.app, '203.0.113.1'), '203.0.113.1')
    expect(response.statusCode).toBe(409)
    expect(response.json<ApiError & { reason: string }>()).toMatchObject({
      reason: 'vote-closed',
      message: expect.stringContaining(`the public vote runs from ${day(16)} to ${day(20)}`) as unknown,
    })
  })
})

describe('during the vote', () => {
  it('shows the shortlist, whose videos and captions anyone may watch', async () => {
    at('09:00:00')
    const visitor = new TestClient(t.app)
    const contest = (await visitor.request({ url: `/api/contests/${contestId}` })).json<{ contest: ContestDetail }>()
      .contest
    expect(contest.currentStage).toBe('public-vote')
    // By title, in code units: 乙 (U+4E59) before 甲 (U+7532).
    expect(contest.shortlist.map((e) => e.title)).toEqual(['乙：恐龙', '甲：岩石'])
    const shown = contest.shortlist[1]!
    expect(shown.videos.map((v) => v.slot)).toEqual(['intro', 'talk'])
    expect((await visitor.request({ url: shown.videos[1]!.url, headers: { range: 'bytes=100-199' } })).statusCode).toBe(
      206,
    )
    expect((await visitor.request({ url: shown.videos[1]!.captionsUrl! })).body).toBe(VTT)
    // An entry left off the shortlist stays private.
    expect((await visitor.request({ url: entries.c!.videos[0]!.url })).statusCode).toBe(404)
  })

  it('counts one vote per device token, entry and day', async () => {
    at('10:00:00')
    const phone = await token(t.app, '198.51.100.10')
    expect((await vote(entries.a!.id, phone, '198.51.100.10')).statusCode).toBe(201)
    const again = await vote(entries.a!.id, phone, '198.51.100.11')
    expect(again.statusCode).toBe(409)
    expect(again.json<ApiError & { reason: string }>()).toMatchObject({
      reason: 'already-voted',
      message: expect.stringMatching(/already voted for this entry today/) as unknown,
    })
    expect((await vote(entries.b!.id, phone, '198.51.100.10')).statusCode).toBe(201)
    expect((await vote(entries.c!.id, phone, '198.51.100.10')).statusCode).toBe(404)
    // The next day in Beijing (16:00 UTC is midnight there) the same phone votes again.
    t.clock.setTo(new Date(`${day(18)}T00:00:05+08:00`))
    const nextDay = await vote(entries.a!.id, phone, '198.51.100.10')
    expect(nextDay.json<{ day: string }>().day).toBe(day(18))
  })

  it('refuses a token the server did not sign', async () => {
    at('11:00:00')
    const real = await token(t.app, '198.51.100.20')
    const [id, issued] = real.split('.')
    for (const forged of [
      `${id}.${issued}.${'x'.repeat(43)}`,
      `${'a'.repeat(22)}.${issued}.${real.split('.')[2]}`,
      'not-a-token-at-all',
    ]) {
      const response = await vote(entries.a!.id, forged, '198.51.100.20')
      expect(response.statusCode, forged).toBe(403)
    }
  })

  it('caps the votes of one address for an entry, and in all, per day', async () => {
    at('12:00:00')
    const ip = '192.0.2.50'
    for (let i = 0; i < limits.perAddressPerEntryPerDay; i++) {
      at(`12:${String(i * 15).padStart(2, '0')}:00`)
      expect((await vote(entries.a!.id, await token(t.app, `192.0.2.${String(100 + i)}`), ip)).statusCode).toBe(201)
    }
    const over = await vote(entries.a!.id, await token(t.app, '192.0.2.120'), ip)
    expect(over.statusCode).toBe(429)
    expect(over.json<ApiError>().message).toMatch(/cast as many votes for this entry as a day allows \(4\)/)
    // The same address may still vote for another entry, up to the daily total.
    for (let i = 0; i < 2; i++)
      expect((await vote(entries.b!.id, await token(t.app, `192.0.2.${String(130 + i)}`), ip)).statusCode).toBe(201)
    const total = await vote(entries.b!.id, await token(t.app, '192.0.2.140'), ip)
    expect(total.json<ApiError>().message).toMatch(/as many votes as a day allows \(6\)/)
    // Another address is not affected.
    expect((await vote(entries.a!.id, await token(t.app, '192.0.2.150'), '192.0.2.51')).statusCode).toBe(201)
  })
})

describe('anomaly flags', () => {
  it('flags a burst from one address and a cluster of new devices voting for one entry only', async () => {
    // A burst: three votes for b from one address within two minutes.
    for (const [i, time] of ['15:00:00', '15:01:00', '15:02:00'].entries()) {
      at(time)
      expect(
        (await vote(entries.b!.id, await token(t.app, `203.0.113.${String(10 + i)}`), '203.0.113.99')).statusCode,
      ).toBe(201)
    }
    // Three fresh devices, each from its own address, each voting for b only, minutes after getting their token.
    for (let i = 0; i < 3; i++) {
      at(`16:0${String(i)}:00`)
      const ip = `203.0.113.${String(50 + i)}`
      const fresh = await token(t.app, ip)
      expect((await vote(entries.b!.id, fresh, ip)).statusCode).toBe(201)
    }
    const { flags, tallies } = await report()
    expect(flags.map((f) => [f.kind, f.entryId, f.votes, f.discounted])).toEqual(
      expect.arrayContaining([
        ['burst', entries.b!.id, 3, false],
        ['new-devices', entries.b!.id, expect.any(Number), false],
      ]),
    )
    const b = tallies.find((x) => x.entryId === entries.b!.id)!
    expect(b.counted).toBe(b.votes)
    expect(b.flagged).toBeGreaterThanOrEqual(6)
  })

  it('lets an admin discount a flag’s votes, and count them again', async () => {
    const before = await report()
    const burst = before.flags.find((f) => f.kind === 'burst')!
    const countedBefore = before.tallies.find((x) => x.entryId === entries.b!.id)!.counted
    const discounted = await admin.request({
      method: 'POST',
      url: `/api/admin/contests/${contestId}/votes/discount`,
      payload: { flagIds: [burst.id], discount: true },
    })
    expect(discounted.statusCode, discounted.body).toBe(200)
    const after = discounted.json<{ changed: number; votes: ContestVotes }>()
    expect(after.changed).toBe(3)
    expect(after.votes.flags.find((f) => f.id === burst.id)!.discounted).toBe(true)
    expect(after.votes.tallies.find((x) => x.entryId === entries.b!.id)!.counted).toBe(countedBefore - 3)
    const restored = await admin.request({
      method: 'POST',
      url: `/api/admin/contests/${contestId}/votes/discount`,
      payload: { flagIds: [burst.id], discount: false },
    })
    expect(
      restored.json<{ votes: ContestVotes }>().votes.tallies.find((x) => x.entryId === entries.b!.id)!.counted,
    ).toBe(countedBefore)
    const unknown = await admin.request({
      method: 'POST',
      url: `/api/admin/contests/${contestId}/votes/discount`,
      payload: { flagIds: ['burst:nothing'], discount: true },
    })
    expect(unknown.statusCode).toBe(400)
  })

  it('shows running totals to admins only', async () => {
    const contest = (await new TestClient(t.app).request({ url: `/api/contests/${contestId}` })).json<{
      contest: ContestDetail
    }>().contest
    expect(JSON.stringify(contest)).not.toMatch(/"votes"/)
    expect((await new TestClient(t.app).request({ url: `/api/admin/contests/${contestId}/votes` })).statusCode).toBe(
      401,
    )
  })
})

describe('after the vote', () => {
  it('closes voting and the shortlist’s public videos', async () => {
    t.clock.setTo(new Date(`${day(21)}T08:00:00+08:00`))
    const response = await vote(entries.a!.id, await token(t.app, '198.51.100.77'), '198.51.100.77')
    expect(response.statusCode).toBe(409)
    expect(response.json<{ reason: string }>().reason).toBe('vote-closed')
    expect((await new TestClient(t.app).request({ url: entries.a!.videos[1]!.url })).statusCode).toBe(404)
  })
})
