import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedExperts } from '../../src/server/db/seed.ts'
import { expertInvites, experts } from '../../src/server/db/schema.ts'
import type {
  AdminExpert,
  ApiError,
  BuiltWork,
  ExpertPage,
  ExpertsResponse,
  OwnExpertProfile,
} from '../../src/shared/index.ts'
import { acceptInvite, buildExpertApp, inviteExpert, signedInAs, type ExpertApp } from './helpers/expert-fixtures.ts'
import { TestClient } from './helpers/test-app.ts'

/*
 * The expert pool: the 2017 chief experts seeded as announced, an expert invited, set up and
 * editing their own page (title changes wait for an admin), and what the public sees.
 */

let t: ExpertApp
let admin: TestClient
const visitor = () => new TestClient(t.app)

/** A book crediting 苏德辰 (a fixture: the reference supports no credits), beside the real works. */
const creditedBook: BuiltWork = {
  id: 'test-rocks-book',
  type: 'book',
  title: { zh: '岩石的故事', en: 'Stories in rock' },
  summary: { zh: '测试', en: 'test' },
  topics: ['minerals'],
  bases: [],
  themeDays: [],
  sources: ['recalled'],
  published: '2026-05-12',
  body: '样章',
  book: { authors: ['苏德辰', '王小明'], publisher: '测试出版社', year: 2020 },
  credits: [{ expert: 'chief-experts-2017/苏德辰', role: 'author' }],
}
/** A book whose authors include a namesake of 刘嘉麒, with no credits: a name alone links nobody. */
const namesakeBook: BuiltWork = {
  ...creditedBook,
  id: 'test-namesake-book',
  book: { ...creditedBook.book!, authors: ['刘嘉麒'] },
}
delete namesakeBook.credits

beforeAll(async () => {
  t = await buildExpertApp({ content: (c) => ({ ...c, works: [...c.works, creditedBook, namesakeBook] }) })
  admin = await signedInAs(t, 'experts-admin', 'admin')
})
afterAll(async () => {
  await t.close()
})

async function publicList(query = ''): Promise<ExpertsResponse['experts']> {
  const response = await visitor().request({ url: `/api/experts${query}` })
  expect(response.statusCode, response.body).toBe(200)
  return response.json<ExpertsResponse>().experts
}

async function page(id: string): Promise<ExpertPage> {
  const response = await visitor().request({ url: `/api/experts/${id}` })
  expect(response.statusCode, response.body).toBe(200)
  return response.json<ExpertPage>()
}

async function putProfile(client: TestClient, body: Record<string, unknown>) {
  return client.request({ method: 'PUT', url: '/api/expert/profile', payload: body })
}

describe('the first batch of chief experts', () => {
  it('lists the twelve announced in 2017, as former chief experts with only what was announced', async () => {
    const list = await publicList()
    expect(list).toHaveLength(12)
    const ouyang = list.find((e) => e.name === '欧阳自远')!
    expect(ouyang).toMatchObject({
      title: '中国科学院院士',
      institution: null,
      fields: [],
      region: null,
      takesRequests: false,
      appointment: {
        title: '国土资源首席科学传播专家',
        batch: 1,
        appointedOn: '2017-04-17',
        termYears: 5,
        endsOn: '2022-04-17',
        current: false,
        sources: [],
      },
      search: { pinyin: 'ouyangziyuan', initials: 'oyzy' },
    })
    expect(list.find((e) => e.name === '苏德辰')).toMatchObject({
      title: null,
      institution: '中国地质科学院地质研究所',
    })
    const full = await page(ouyang.id)
    expect(full).toMatchObject({ bio: '', works: [], events: { upcoming: [], past: [] } })
  })

  it('shows the chief badge as current during the term, on the server clock', async () => {
    try {
      t.clock.setTo(new Date('2022-04-16T15:59:00Z')) // 2022-04-16 23:59 in Beijing: the term's last minute
      expect((await publicList('?q=ouyang'))[0]?.appointment?.current).toBe(true)
      t.clock.setTo(new Date('2022-04-16T16:00:00Z')) // 2022-04-17 00:00 in Beijing
      expect((await publicList('?q=ouyang'))[0]?.appointment?.current).toBe(false)
    } finally {
      t.clock.setTo(null)
    }
  })

  it('finds experts by name, pinyin, initials and institution', async () => {
    const names = async (q: string) => (await publicList(`?q=${encodeURIComponent(q)}`)).map((e) => e.name)
    expect(await names('欧阳')).toEqual(['欧阳自远'])
    expect(await names('ouyang')).toEqual(['欧阳自远'])
    expect(await names('OYZY')).toEqual(['欧阳自远'])
    expect(await names('yun wen')).toEqual(['郧文聚'])
    expect(await names('地质调查局')).toEqual(expect.arrayContaining(['张训华', '杨胜雄']))
    expect(await names('zzzz')).toEqual([])
  })

  it("links works whose credits name the expert, never a book's author names alone", async () => {
    const su = (await publicList('?q=sudechen'))[0]!
    expect((await page(su.id)).works).toEqual([
      {
        source: 'content',
        id: 'test-rocks-book',
        type: 'book',
        title: { zh: '岩石的故事', en: 'Stories in rock' },
        role: 'author',
      },
    ])
    const liu = (await publicList('?q=liujiaqi'))[0]!
    expect((await page(liu.id)).works).toEqual([])
  })

  it('seeds once: a second start adds nobody and keeps what the app changed', async () => {
    const [su] = await t.database.db.select().from(experts).where(eq(experts.name, '苏德辰'))
    await t.database.db
      .update(experts)
      .set({ institution: '中国地质科学院', bio: '在应用里写的简介' })
      .where(eq(experts.id, su!.id))
    await seedExperts(t.database.db, t.content.expertBatches)
    const rows = await t.database.db.select().from(experts).where(eq(experts.source, 'announcement'))
    expect(rows).toHaveLength(12)
    expect(rows.find((r) => r.id === su!.id)).toMatchObject({
      institution: '中国地质科学院',
      bio: '在应用里写的简介',
      appointedOn: '2017-04-17',
    })
    await t.database.db.update(experts).set({ institution: su!.institution, bio: '' }).where(eq(experts.id, su!.id))
  })
})

describe('an invited expert', () => {
  let expertId: string
  let expert: TestClient

  it('is not public until they set up their account from the one-time link', async () => {
    const { expert: created, invite } = await inviteExpert(admin, {
      name: '李四光研',
      title: '研究员',
      institution: '中国地质科学院',
      contact: { email: 'li@example.cn', phone: '+86 10 1234 5678' },
    })
    expertId = created.id
    expect(created).toMatchObject({
      status: 'invited',
      source: 'invitation',
      contact: { email: 'li@example.cn', phone: '+86 10 1234 5678' },
    })
    expect(invite.link).toMatch(/^http:\/\/localhost(:80)?\/expert-invite#token=[A-Za-z0-9_-]{32}$/)
    expect((await publicList()).some((e) => e.id === expertId)).toBe(false)
    expect((await visitor().request({ url: `/api/experts/${expertId}` })).statusCode).toBe(404)

    const preview = await visitor().request({
      method: 'POST',
      url: '/api/expert-invites/preview',
      payload: { token: invite.token },
    })
    expect(preview.json()).toMatchObject({ name: '李四光研', title: '研究员', institution: '中国地质科学院' })
    // A refused password does not use the link up.
    const weak = await visitor().request({
      method: 'POST',
      url: '/api/expert-invites/accept',
      payload: { token: invite.token, username: 'li-expert', password: '1234567890' },
    })
    expect(weak.statusCode).toBe(400)
    expert = await acceptInvite(t, invite.token, 'li-expert')
    const session = await expert.request({ url: '/api/auth/session' })
    expect(session.json()).toMatchObject({
      account: { username: 'li-expert', role: 'expert', displayName: '李四光研' },
    })
    const again = await visitor().request({
      method: 'POST',
      url: '/api/expert-invites/accept',
      payload: { token: invite.token, username: 'li-expert-2', password: 'another-long-passphrase' },
    })
    expect(again.statusCode).toBe(404)
    expect(again.json<ApiError>().message).toMatch(/already used/)
    expect((await publicList()).find((e) => e.id === expertId)).toMatchObject({ title: '研究员', takesRequests: true })
  })

  it('keeps a new title pending until an admin approves it; the public page shows the approved one', async () => {
    const edited = await putProfile(expert, {
      title: '教授',
      institution: '中国地质科学院',
      fields: ['geohazards', 'minerals'],
      region: '110000',
      bio: '研究滑坡四十年。\n常去中小学讲课。',
      contact: { email: 'li@example.cn', phone: '' },
    })
    expect(edited.statusCode, edited.body).toBe(200)
    const profile = edited.json<{ profile: OwnExpertProfile }>().profile
    expect(profile).toMatchObject({
      title: '研究员',
      pendingChange: { title: '教授', status: 'pending' },
      contact: { email: 'li@example.cn', phone: null },
    })
    expect(await page(expertId)).toMatchObject({
      title: '研究员',
      fields: ['geohazards', 'minerals'],
      region: '110000',
      bio: '研究滑坡四十年。\n常去中小学讲课。',
    })

    const pending = await admin.request({ url: '/api/admin/experts?changes=pending' })
    expect(pending.json<{ experts: AdminExpert[] }>().experts.map((e) => e.id)).toEqual([expertId])
    const approved = await admin.request({
      method: 'POST',
      url: `/api/admin/expert-changes/${profile.pendingChange!.id}/approve`,
    })
    expect(approved.statusCode, approved.body).toBe(200)
    expect((await page(expertId)).title).toBe('教授')
    const twice = await admin.request({
      method: 'POST',
      url: `/api/admin/expert-changes/${profile.pendingChange!.id}/approve`,
    })
    expect(twice.statusCode).toBe(404)
  })

  it('tells the expert why an admin rejected a change, and keeps the approved title', async () => {
    const edited = await putProfile(expert, {
      title: '首席科学家',
      institution: '中国地质科学院',
      fields: ['geohazards'],
      region: '110000',
      bio: '研究滑坡四十年。',
    })
    const change = edited.json<{ profile: OwnExpertProfile }>().profile.pendingChange!
    const noReason = await admin.request({
      method: 'POST',
      url: `/api/admin/expert-changes/${change.id}/reject`,
      payload: { reason: '' },
    })
    expect(noReason.statusCode).toBe(400)
    const rejected = await admin.request({
      method: 'POST',
      url: `/api/admin/expert-changes/${change.id}/reject`,
      payload: { reason: '请提供聘任文件' },
    })
    expect(rejected.statusCode, rejected.body).toBe(200)
    const own = (await expert.request({ url: '/api/expert/profile' })).json<{ profile: OwnExpertProfile }>().profile
    expect(own).toMatchObject({
      title: '教授',
      pendingChange: null,
      lastDecision: { title: '首席科学家', status: 'rejected', reason: '请提供聘任文件' },
    })
    expect((await page(expertId)).title).toBe('教授')
  })

  it('shows only what the expert chooses to show, and filters on shown fields only', async () => {
    expect((await publicList('?field=geohazards')).map((e) => e.id)).toEqual([expertId])
    expect((await publicList('?region=110000')).map((e) => e.id)).toEqual([expertId])
    const hidden = await putProfile(expert, {
      title: '教授',
      institution: '中国地质科学院',
      fields: ['geohazards'],
      region: '110000',
      bio: '研究滑坡四十年。',
      visibility: { title: false, institution: true, region: false, fields: false, bio: false },
    })
    expect(hidden.statusCode, hidden.body).toBe(200)
    expect(await page(expertId)).toMatchObject({
      name: '李四光研',
      title: null,
      institution: '中国地质科学院',
      region: null,
      fields: [],
      bio: null,
    })
    expect(await publicList('?field=geohazards')).toEqual([])
    expect(await publicList('?region=110000')).toEqual([])
    expect(
      (await expert.request({ url: '/api/expert/profile' })).json<{ profile: OwnExpertProfile }>().profile,
    ).toMatchObject({ title: '教授', region: '110000', bio: '研究滑坡四十年。' })
  })

  it('refuses an over-long biography, naming the field', async () => {
    const response = await putProfile(expert, { title: '教授', institution: '中国地质科学院', bio: '岩'.repeat(1001) })
    expect(response.statusCode).toBe(400)
    const body = response.json<ApiError>()
    expect(body.issues?.map((i) => i.path)).toEqual(['body.bio'])
    expect(body.message).toMatch(/body\.bio/)
  })

  it('refuses a field that is not one of the themes and a region that is not a province', async () => {
    const response = await putProfile(expert, {
      title: '教授',
      institution: '中国地质科学院',
      fields: ['astrology'],
      region: '999999',
    })
    expect(response.statusCode).toBe(400)
    expect(
      response
        .json<ApiError>()
        .issues?.map((i) => i.path)
        .sort(),
    ).toEqual(['body.fields.0', 'body.region'])
  })

  it('pauses and resumes taking requests', async () => {
    const paused = await expert.request({ method: 'PUT', url: '/api/expert/pause', payload: { paused: true } })
    expect(paused.json<{ profile: OwnExpertProfile }>().profile.paused).toBe(true)
    expect((await page(expertId)).takesRequests).toBe(false)
    await expert.request({ method: 'PUT', url: '/api/expert/pause', payload: { paused: false } })
    expect((await page(expertId)).takesRequests).toBe(true)
  })
})

describe('invite links', () => {
  it('expire after seven days and end when a new one is issued', async () => {
    const { expert, invite: first } = await inviteExpert(admin, { name: '测试专家甲' })
    const second = await admin.request({ method: 'POST', url: `/api/admin/experts/${expert.id}/invite` })
    expect(second.statusCode, second.body).toBe(201)
    const previewOf = (token: string) =>
      visitor().request({ method: 'POST', url: '/api/expert-invites/preview', payload: { token } })
    expect((await previewOf(first.token)).statusCode).toBe(404)
    const token = second.json<{ invite: { token: string } }>().invite.token
    expect((await previewOf(token)).statusCode).toBe(200)
    t.clock.advanceDays(7.01)
    try {
      expect((await previewOf(token)).statusCode).toBe(404)
    } finally {
      t.clock.advanceDays(-7.01)
    }
  })

  it('keep only the hash of the token', async () => {
    const { invite } = await inviteExpert(admin, { name: '测试专家乙' })
    const rows = await t.database.db.select().from(expertInvites)
    expect(JSON.stringify(rows)).not.toContain(invite.token)
  })

  it('let an announced expert claim their page, keeping the appointment', async () => {
    const zhang = (await publicList('?q=zhanglifei'))[0]!
    const issued = await admin.request({ method: 'POST', url: `/api/admin/experts/${zhang.id}/invite` })
    const client = await acceptInvite(t, issued.json<{ invite: { token: string } }>().invite.token, 'zhang-lifei')
    const own = (await client.request({ url: '/api/expert/profile' })).json<{ profile: OwnExpertProfile }>().profile
    expect(own).toMatchObject({
      id: zhang.id,
      status: 'active',
      institution: '北京大学地球与空间科学学院',
      appointment: { batch: 1, current: false },
    })
    expect((await page(zhang.id)).takesRequests).toBe(true)
    const again = await admin.request({ method: 'POST', url: `/api/admin/experts/${zhang.id}/invite` })
    expect(again.statusCode).toBe(409)
  })

  it('refuse a taken username without using the link up', async () => {
    const { invite } = await inviteExpert(admin, { name: '测试专家丙' })
    const taken = await visitor().request({
      method: 'POST',
      url: '/api/expert-invites/accept',
      payload: { token: invite.token, username: 'li-expert', password: 'a-long-unguessable-passphrase' },
    })
    expect(taken.statusCode).toBe(409)
    await acceptInvite(t, invite.token, 'expert-bing')
  })
})

describe('roles', () => {
  it('keeps expert routes to experts and admin routes to admins', async () => {
    const school = await signedInAs(t, 'experts-school', 'school')
    expect((await school.request({ url: '/api/expert/profile' })).statusCode).toBe(403)
    expect((await visitor().request({ url: '/api/expert/schedule' })).statusCode).toBe(401)
    const { invite } = await inviteExpert(admin, { name: '测试专家丁' })
    const expert = await acceptInvite(t, invite.token, 'expert-ding')
    expect((await expert.request({ url: '/api/admin/experts' })).statusCode).toBe(403)
    expect(
      (await expert.request({ method: 'POST', url: '/api/admin/experts', payload: { name: '冒名' } })).statusCode,
    ).toBe(403)
  })
})
