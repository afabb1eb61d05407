import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accounts, expertInvites } from '../../src/server/db/schema.ts'
import { addDays, todayInChina } from '../../src/shared/domain/calendar-date.ts'
import type { ExpertRequest } from '../../src/shared/index.ts'
import {
  acceptInvite,
  buildExpertApp,
  inviteExpert,
  pushEvent,
  signedInAs,
  type ExpertApp,
} from './helpers/expert-fixtures.ts'
import { TestClient } from './helpers/test-app.ts'

/*
 * Nothing private about an expert reaches a public answer: contact details, the invite token
 * and its hash, the account's username and password hash, what the expert chose to hide, and
 * what passed between the expert and a base (messages, reasons). Every public GET route the app
 * registers is called; a new public route without a sample here fails the first test.
 */

let t: ExpertApp
const A = 'geological-museum-of-china'
const day = addDays(todayInChina(), 9)
const secrets = {
  email: 'private-expert@example.cn',
  phone: '+86 10 8888 7777',
  username: 'privacy-expert-account',
  hiddenBio: '这段简介设为不公开-7f3a',
  hiddenRegion: '460000',
  message: '邀请留言-仅双方可见-91c2',
  declineReason: '婉拒原因-仅双方可见-44d1',
  withdrawReason: '撤回原因-仅双方可见-c0de',
  // Filled in once they exist.
  token: '',
  tokenHash: '',
  passwordHash: '',
}
const ids = { expert: '', event: '', otherEvent: '' }

beforeAll(async () => {
  t = await buildExpertApp()
  const admin = await signedInAs(t, 'privacy-admin', 'admin')
  const staff = await signedInAs(t, 'privacy-staff', 'base_staff', A)
  const { expert, invite } = await inviteExpert(admin, {
    name: '隐私测试专家',
    title: '研究员',
    contact: { email: secrets.email, phone: secrets.phone },
  })
  ids.expert = expert.id
  secrets.token = invite.token
  secrets.tokenHash = (
    await t.database.db.select().from(expertInvites).where(eq(expertInvites.expertId, expert.id))
  )[0]!.tokenHash
  const client = await acceptInvite(t, invite.token, secrets.username)
  secrets.passwordHash = (
    await t.database.db.select().from(accounts).where(eq(accounts.username, secrets.username))
  )[0]!.passwordHash
  const profile = await client.request({
    method: 'PUT',
    url: '/api/expert/profile',
    payload: {
      title: '研究员',
      institution: null,
      fields: ['ocean'],
      region: secrets.hiddenRegion,
      bio: secrets.hiddenBio,
      visibility: { title: true, institution: true, region: false, fields: true, bio: false },
      contact: { email: secrets.email, phone: secrets.phone },
    },
  })
  expect(profile.statusCode, profile.body).toBe(200)

  // A work crediting the expert (fixture: content names them by id), so its credits are walked too.
  t.content.works.push({
    ...t.content.works[0]!,
    id: 'privacy-credited-work',
    credits: [{ expert: ids.expert, role: 'author' }],
  })

  ids.event = await pushEvent(staff, A, `${day}T09:00:00+08:00`, `${day}T11:00:00+08:00`, { title: '海洋科普讲座' })
  ids.otherEvent = await pushEvent(staff, A, `${day}T14:00:00+08:00`, `${day}T16:00:00+08:00`, { title: '海岸研学' })
  const ask = async (eventId: string, format: string) => {
    const response = await staff.request({
      method: 'POST',
      url: `/api/staff/bases/${A}/expert-requests`,
      payload: { expertId: ids.expert, eventId, date: day, format, message: secrets.message },
    })
    expect(response.statusCode, response.body).toBe(201)
    return response.json<{ request: ExpertRequest }>().request.id
  }
  const accepted = await ask(ids.event, 'talk')
  expect((await client.request({ method: 'POST', url: `/api/expert/requests/${accepted}/accept` })).statusCode).toBe(
    200,
  )
  const declined = await ask(ids.otherEvent, 'talk')
  await client.request({
    method: 'POST',
    url: `/api/expert/requests/${declined}/decline`,
    payload: { reason: secrets.declineReason },
  })
  const withdrawn = await ask(ids.otherEvent, 'online')
  await client.request({ method: 'POST', url: `/api/expert/requests/${withdrawn}/accept` })
  await client.request({
    method: 'POST',
    url: `/api/expert/requests/${withdrawn}/withdraw`,
    payload: { reason: secrets.withdrawReason },
  })
}, 120_000)
afterAll(async () => {
  await t.close()
})

/** Each public GET route with the addresses that show the expert (or could). */
const SAMPLES: Record<string, () => string[]> = {
  '/api/health': () => ['/api/health'],
  '/api/auth/session': () => ['/api/auth/session'],
  '/api/bases.geojson': () => ['/api/bases.geojson'],
  '/api/bases/clusters.json': () => ['/api/bases/clusters.json'],
  '/api/bases/changes': () => ['/api/bases/changes'],
  '/api/bases/:id': () => [`/api/bases/${A}`],
  '/api/events': () => ['/api/events', `/api/events?baseId=${A}`],
  '/api/events/:id': () => [`/api/events/${ids.event}`, `/api/events/${ids.otherEvent}`],
  '/api/events/:id.ics': () => [`/api/events/${ids.event}.ics`, `/api/events/${ids.otherEvent}.ics?remind=30`],
  '/api/events/:eventId/places': () => [`/api/events/${ids.event}/places`],
  '/api/calendar.ics': () => [
    '/api/calendar.ics',
    `/api/calendar.ics?baseId=${A}&years=1`,
    '/api/calendar.ics?province=北京市',
  ],
  '/api/experts': () => ['/api/experts', '/api/experts?field=ocean', `/api/experts?q=${encodeURIComponent('隐私')}`],
  '/api/experts/:id': () => [`/api/experts/${ids.expert}`],
  '/api/works/:id/experts': () => ['/api/works/privacy-credited-work/experts'],
  // Media carries no expert field; unknown ids answer 404 (media-uploads.test.ts covers what is served).
  '/api/media/:id': () => ['/api/media/00000000-0000-4000-8000-000000000000'],
  '/api/media/:id/:file': () => ['/api/media/00000000-0000-4000-8000-000000000000/0123456789abcdef-320.webp'],
  '/api/notices': () => ['/api/notices'],
  '/api/notices/:id': () => ['/api/notices/00000000-0000-4000-8000-000000000000'],
  '/api/notices/:id/cap.xml': () => ['/api/notices/00000000-0000-4000-8000-000000000000/cap.xml'],
  '/api/push/key': () => ['/api/push/key'],
  '/api/squadron-programme': () => ['/api/squadron-programme'],
  '/api/search': () => [
    `/api/search?q=${encodeURIComponent('隐私测试专家')}`,
    `/api/search?q=${encodeURIComponent('简介设为不公开')}`,
    `/api/search?q=${encodeURIComponent('隐私')}&province=${secrets.hiddenRegion}`,
  ],
  // Contests name judges to no public caller; unknown ids answer 404 (contests*.test.ts cover what is shown).
  '/api/contests': () => ['/api/contests'],
  '/api/contests/:id': () => ['/api/contests/00000000-0000-4000-8000-000000000000'],
  '/api/contest-entries/:id/captions/:slot': () => [
    '/api/contest-entries/00000000-0000-4000-8000-000000000000/captions/talk',
  ],
  '/api/app-works': () => ['/api/app-works'],
  // Works credit their authors by name; no expert field (a later credit of experts must keep to this).
  '/api/works': () => ['/api/works', '/api/works?since=0'],
  // Named batches list bases only; calls list what a call asks for, never a reviewer.
  '/api/designations': () => ['/api/designations'],
  '/api/naming/calls': () => ['/api/naming/calls'],
}

const publicReads = () =>
  t.app.registeredRoutes
    .filter(
      (r) => r.method === 'GET' && r.roles === null && r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'),
    )
    .map((r) => r.url)

describe('public answers about experts', () => {
  it('has a sample for every public read route', () => {
    const missing = publicReads().filter((url) => !SAMPLES[url])
    expect(
      missing,
      `public GET routes without a privacy sample: add them to SAMPLES in test/server/expert-privacy.test.ts`,
    ).toEqual([])
  })

  it("never carry an expert's private fields, whatever public route is asked", async () => {
    const visitor = new TestClient(t.app)
    let sawExpert = 0
    for (const url of publicReads().flatMap((route) => SAMPLES[route]?.() ?? [])) {
      const response = await visitor.request({ url })
      expect(response.statusCode, `${url}: ${response.body.slice(0, 200)}`).toBeLessThan(500)
      // Calendar lines fold at 75 octets: unfold before searching.
      const body = response.body.replace(/\r\n[ \t]/g, '')
      for (const [field, value] of Object.entries(secrets)) {
        expect(body.includes(value), `${url} carries the expert's ${field}`).toBe(false)
      }
      if (body.includes('隐私测试专家')) sawExpert++
    }
    // The expert is on their page, the list, the event page and the feeds: the walk saw them.
    expect(sawExpert).toBeGreaterThanOrEqual(7)
  })

  it('finds the expert by name but not by a hidden biography or region', async () => {
    const search = async (query: string) =>
      JSON.stringify((await new TestClient(t.app).request({ url: `/api/search?${query}` })).json())
    expect(await search(`q=${encodeURIComponent('隐私测试专家')}`)).toContain(ids.expert)
    expect(await search(`q=${encodeURIComponent('简介设为不公开')}`)).not.toContain(ids.expert)
    expect(await search(`q=${encodeURIComponent('隐私')}&province=${secrets.hiddenRegion}`)).not.toContain(ids.expert)
  })

  it('shows the expert on the accepted event only, with the title they show', async () => {
    const page = await new TestClient(t.app).request({ url: `/api/events/${ids.event}` })
    expect(page.json()).toMatchObject({ experts: [{ id: ids.expert, name: '隐私测试专家', title: '研究员' }] })
    const other = await new TestClient(t.app).request({ url: `/api/events/${ids.otherEvent}` })
    expect(other.json()).toMatchObject({ experts: [] })
  })
})
