import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Account, Squadron, SquadronProgramme } from '../../src/shared/index.ts'
import {
  buildSquadronApp,
  pushEvent,
  registerSquadron,
  signedIn,
  type SquadronApp,
} from './helpers/squadron-fixtures.ts'
import { TEST_DB, TestClient } from './helpers/test-app.ts'

const BASE = 'geological-museum-of-china'
const OTHER_BASE = 'hunan-geo-museum'

let t: SquadronApp
let staff: TestClient
let otherStaff: TestClient

const signup = (client: TestClient, username: string, school: Record<string, unknown>) =>
  client.request({
    method: 'POST',
    url: '/api/auth/signup',
    payload: {
      username,
      password: 'a-long-password-1',
      displayName: '王老师',
      school: { name: '展览路小学', province: '北京市', city: '北京', contact: '13800000000', ...school },
    },
  })

beforeAll(async () => {
  t = await buildSquadronApp({ SCHOOL_APPROVAL: 'base', SQUADRON_ISSUER: '某省少工委' })
  staff = await signedIn(t, 'acc-staff', 'base_staff', BASE)
  otherStaff = await signedIn(t, 'acc-staff-other', 'base_staff', OTHER_BASE)
}, 180_000)
afterAll(async () => {
  await t?.close()
})

describe(`school sign-up approved by a base (${TEST_DB})`, () => {
  it('tells the teacher what is wrong, refuses a duplicate, and lets only the chosen base approve', async () => {
    const visitor = new TestClient(t.app)
    expect((await visitor.request({ url: '/api/squadron-programme' })).json<SquadronProgramme>()).toEqual({
      issuer: '某省少工委',
      schoolApproval: 'base',
    })

    const noBase = await signup(visitor, 'teacher-wang', {})
    expect(noBase.statusCode).toBe(400)
    expect(noBase.json<{ message: string }>().message).toContain('choose the base you apply to')
    const badBase = await signup(visitor, 'teacher-wang', { baseId: 'no-such-base' })
    expect(badBase.statusCode).toBe(400)
    expect(badBase.json<{ message: string }>().message).toContain('unknown base')

    const ok = await signup(visitor, 'teacher-wang', { baseId: BASE })
    expect(ok.statusCode, ok.body).toBe(201)
    const account = ok.json<{ account: Account }>().account
    expect(account).toMatchObject({ status: 'pending', school: { baseId: BASE } })
    const again = await signup(visitor, 'teacher-wang-2', { baseId: BASE, name: ' 展览路小学 ' })
    expect(again.statusCode).toBe(409)
    expect(again.json<{ message: string }>().message).toContain('waits for approval')

    expect(
      (await otherStaff.request({ url: '/api/staff/school-accounts' })).json<{ accounts: Account[] }>().accounts,
    ).toEqual([])
    expect(
      (await otherStaff.request({ method: 'POST', url: `/api/staff/school-accounts/${account.id}/approve` }))
        .statusCode,
    ).toBe(404)
    expect(
      (await staff.request({ url: '/api/staff/school-accounts' }))
        .json<{ accounts: Account[] }>()
        .accounts.map((a) => a.username),
    ).toEqual(['teacher-wang'])

    const teacher = new TestClient(t.app)
    expect((await teacher.login('teacher-wang', 'a-long-password-1')).statusCode).toBe(403)
    expect(
      (await staff.request({ method: 'POST', url: `/api/staff/school-accounts/${account.id}/approve` })).json<{
        account: Account
      }>().account.status,
    ).toBe('active')
    expect((await teacher.login('teacher-wang', 'a-long-password-1')).statusCode).toBe(200)
  })
})

describe(`squadrons (${TEST_DB})`, () => {
  it('lets a school add, edit and archive its squadrons, and nobody else touch them', async () => {
    const teacher = await signedIn(t, 'sq-school', 'school')
    const neighbour = await signedIn(t, 'sq-school-2', 'school')
    const input = {
      name: '展览路小学五年级二班李四光中队',
      grade: 5,
      headcount: 42,
      teacher: '王老师',
      counsellor: '李辅导员',
    }
    const created = await teacher.request({ method: 'POST', url: '/api/school/squadrons', payload: input })
    expect(created.statusCode, created.body).toBe(201)
    const squadron = created.json<{ squadron: Squadron }>().squadron
    expect(squadron).toMatchObject({ ...input, archived: false })

    const bad = await teacher.request({
      method: 'POST',
      url: '/api/school/squadrons',
      payload: { ...input, name: '六年级', grade: 13, headcount: 0 },
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.json<{ message: string }>().message).toMatch(/grade is 1–12[\s\S]*at least 1/)
    const twin = await teacher.request({ method: 'POST', url: '/api/school/squadrons', payload: input })
    expect(twin.statusCode).toBe(409)
    // Another school may use the same name.
    expect((await neighbour.request({ method: 'POST', url: '/api/school/squadrons', payload: input })).statusCode).toBe(
      201,
    )

    const edited = await teacher.request({
      method: 'PATCH',
      url: `/api/school/squadrons/${squadron.id}`,
      payload: { headcount: 40, counsellor: null },
    })
    expect(edited.json<{ squadron: Squadron }>().squadron).toMatchObject({ headcount: 40, counsellor: null })
    expect(
      (
        await neighbour.request({
          method: 'PATCH',
          url: `/api/school/squadrons/${squadron.id}`,
          payload: { headcount: 1 },
        })
      ).statusCode,
    ).toBe(404)
    expect((await staff.request({ url: '/api/school/squadrons' })).statusCode).toBe(403)

    const archived = await teacher.request({
      method: 'PATCH',
      url: `/api/school/squadrons/${squadron.id}`,
      payload: { archived: true },
    })
    expect(archived.json<{ squadron: Squadron }>().squadron.archived).toBe(true)
    const eventId = await pushEvent(staff, BASE, 50)
    const refused = await registerSquadron(teacher, eventId, squadron.id, 40)
    expect(refused.status).toBe(409)
    expect(refused.body.message).toContain('archived')
    // Another school's squadron is not found, whatever its id.
    expect((await registerSquadron(neighbour, eventId, squadron.id, 40)).status).toBe(404)

    const list = (await teacher.request({ url: '/api/school/squadrons' })).json<{ squadrons: Squadron[] }>().squadrons
    expect(list.map((s) => [s.name, s.archived])).toEqual([[input.name, true]])
  })

  it('does not take squadron registrations for a public event or one without a capacity', async () => {
    const teacher = await signedIn(t, 'sq-school-3', 'school')
    const squadron = (
      await teacher.request({
        method: 'POST',
        url: '/api/school/squadrons',
        payload: { name: '三年级一班', grade: 3, headcount: 30, teacher: '赵老师' },
      })
    ).json<{ squadron: Squadron }>().squadron
    const open = await pushEvent(staff, BASE, 10, 10, { audience: 'public' })
    const refused = await registerSquadron(teacher, open, squadron.id, 30)
    expect(refused.status).toBe(409)
    expect(refused.body.message).toContain('does not take squadron registrations')
    expect((await registerSquadron(teacher, crypto.randomUUID(), squadron.id, 30)).status).toBe(404)
  })

  it('tells anyone, signed in or not, the places left and the waitlist of an event squadrons can book', async () => {
    const teacher = await signedIn(t, 'sq-school-4', 'school')
    const squadron = (
      await teacher.request({
        method: 'POST',
        url: '/api/school/squadrons',
        payload: { name: '四年级二班', grade: 4, headcount: 30, teacher: '钱老师' },
      })
    ).json<{ squadron: Squadron }>().squadron
    const booked = await pushEvent(staff, BASE, 40, 12)
    expect((await registerSquadron(teacher, booked, squadron.id, 30)).status).toBe(201)
    const visitor = new TestClient(t.app)
    const places = await visitor.request({ url: `/api/events/${booked}/places` })
    expect(places.statusCode).toBe(200)
    expect(places.json<{ places: unknown }>().places).toMatchObject({
      capacity: 40,
      remaining: 10,
      waitlistLength: 0,
      open: true,
    })
    const publicOnly = await pushEvent(staff, BASE, 10, 12, { audience: 'public' })
    expect((await visitor.request({ url: `/api/events/${publicOnly}/places` })).json()).toEqual({ places: null })
    expect((await visitor.request({ url: `/api/events/${crypto.randomUUID()}/places` })).statusCode).toBe(404)
  })
})
