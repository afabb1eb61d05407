import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { v7 as uuidv7 } from 'uuid'
import { addDays, todayInChina } from '../../src/shared/domain/calendar-date.ts'
import type { BaseStatsResponse, NationalStatsResponse } from '../../src/shared/index.ts'
import {
  buildSquadronApp,
  pushEvent,
  pushRecords,
  registerSquadron,
  seedSquadrons,
  signedIn,
  type SignedInClient,
  type SquadronApp,
} from './helpers/squadron-fixtures.ts'
import { TEST_DB } from './helpers/test-app.ts'

/*
 * Issue 19, items 11 and 13: one rule for what a class check-in counts as, the same on the
 * dashboard, the national view and the export; and theme-day activities counted by their link.
 */
const BASE = 'li-siguang-memorial'
let t: SquadronApp
let staff: SignedInClient
let admin: SignedInClient
const eventDay = addDays(todayInChina(), 5)

const activity = (date: string, participants: number, themeDayId: string | null, type = 'lecture') => ({
  id: uuidv7(),
  kind: 'activity',
  baseId: BASE,
  baseVersion: 0,
  payload: { type, title: `${type} ${date}`, date, participants, themeDayId, notes: '', deleted: false },
})

beforeAll(async () => {
  t = await buildSquadronApp()
  staff = await signedIn(t, 'journeys-staff', 'base_staff', BASE)
  admin = await signedIn(t, 'journeys-admin', 'admin')
  const teacher = await signedIn(t, 'journeys-school', 'school')
  const [a] = (await seedSquadrons(t, teacher.accountId, 1)) as [string]
  // Two activities typed by hand, one class of 30 checked in at an event: three activities.
  const eventId = await pushEvent(staff, BASE, 100, 5)
  const registration = (await registerSquadron(teacher, eventId, a, 32)).body.registration
  const acks = await pushRecords(staff, [
    activity(eventDay, 40, null),
    activity(eventDay, 25, null, 'exhibition'),
    {
      id: uuidv7(),
      kind: 'tally',
      baseId: BASE,
      payload: { audience: 'public', count: 12, at: `${eventDay}T10:00:00+08:00` },
    },
    {
      id: uuidv7(),
      kind: 'checkin',
      baseId: BASE,
      payload: {
        registrationId: registration.id,
        eventId,
        headcount: 30,
        at: `${eventDay}T08:50:00+08:00`,
        method: 'code',
      },
    },
  ])
  expect(acks.map((x) => x.status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted'])
}, 180_000)
afterAll(async () => {
  await t?.close()
})

describe(`a class checked in at the gate (${TEST_DB})`, () => {
  it('is one study tour and 30 on-site visits, on the dashboard, in the national view and in the export alike', async () => {
    const range = `from=${eventDay}&to=${eventDay}`
    const base = (await staff.request({ url: `/api/stats/bases/${BASE}?${range}` })).json<BaseStatsResponse>()
    expect(base.totals).toMatchObject({
      visitors: 42,
      byAudience: { public: 12, student: 0, group: 30, other: 0 },
      activities: 3,
      participants: 95,
    })
    expect(base.activityTypes.find((x) => x.type === 'study_tour')).toEqual({
      type: 'study_tour',
      count: 1,
      participants: 30,
    })

    const national = (await admin.request({ url: `/api/stats/national?${range}` })).json<NationalStatsResponse>()
    expect(national.ranking.find((r) => r.id === BASE)).toMatchObject({ visitors: 42, activities: 3, participants: 95 })

    const csv = (await staff.request({ url: `/api/stats/export.csv?baseId=${BASE}&${range}` })).body
      .replace(/^\uFEFF/, '')
      .split('\r\n')
    const header = csv[0]!.split(',')
    const row = csv[1]!.split(',')
    const cell = (name: string) => row[header.indexOf(name)]
    expect(cell('参观人次（人次）')).toBe('42')
    expect(cell('其中：团体参观人次（人次）')).toBe('30')
    expect(cell('科普活动次数（次）')).toBe('3')
    expect(cell('科普活动参加人次（人次）')).toBe('95')
    expect(cell('研学活动举办次数（次）')).toBe('1')
  })
})

describe(`theme days (${TEST_DB})`, () => {
  it('counts an activity under the theme day it names, even held a few days before, and not under the day its date falls on', async () => {
    const year = todayInChina().slice(0, 4)
    const acks = await pushRecords(staff, [
      // An Earth Day (22 April) lecture held the week before.
      activity(`${year}-04-17`, 60, 'earth-day'),
      // Held on Earth Day, but for World Water Day: it is not an Earth Day activity.
      activity(`${year}-04-22`, 15, 'world-water-day'),
      // Held on Earth Day naming none: counted by its date, as before.
      activity(`${year}-04-22`, 8, null),
    ])
    expect(acks.every((a) => a.status === 'accepted')).toBe(true)
    const stats = (
      await staff.request({ url: `/api/stats/bases/${BASE}?from=${year}-03-01&to=${year}-04-30` })
    ).json<BaseStatsResponse>()
    expect(stats.themeDays.find((d) => d.themeDayId === 'earth-day')).toMatchObject({ activities: 2, participants: 68 })
    expect(stats.themeDays.find((d) => d.themeDayId === 'world-water-day')).toMatchObject({
      activities: 1,
      participants: 15,
    })
  })
})
