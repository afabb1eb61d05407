import { createHash } from 'node:crypto'
import type { Account, Registration, SquadronEvent, StaffRegistration } from '../../../src/shared/index.ts'

/* Shapes the 李四光中队 routes answer with (shared/schemas/squadron.ts), for the client tests. */

export const school: Account = {
  id: '0193b2c4-0000-7000-8000-000000000010',
  username: 'teacher-wang',
  displayName: '王老师',
  role: 'school',
  status: 'active',
  baseId: null,
  school: { name: '杭州市某某小学', province: '浙江省', city: '杭州市', contact: '0571-12345678' },
  createdAt: '2026-11-25T00:00:00.000Z',
}
export const staff: Account = {
  id: '0193b2c4-0000-7000-8000-000000000002',
  username: 'staff-xixi',
  displayName: '西溪工作人员',
  role: 'base_staff',
  status: 'active',
  baseId: 'xixi-wetland',
  school: null,
  createdAt: '2026-11-25T00:00:00.000Z',
}

export const EVENT_ID = '0193b2c4-1111-7000-8000-000000000001'
export const OTHER_EVENT_ID = '0193b2c4-1111-7000-8000-000000000002'
export const REG_ID = '0193b2c4-2222-7000-8000-000000000001'
export const REG2_ID = '0193b2c4-2222-7000-8000-000000000002'
export const TOKEN = `zk1.${REG_ID}.${EVENT_ID}.${'A'.repeat(43)}`
export const CODE = 'ABCD2345'
const base = {
  id: 'xixi-wetland',
  name: { zh: '西溪国家湿地公园', en: 'Xixi National Wetland Park' },
  province: '浙江省',
  address: null,
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

export function squadronEvent(id = EVENT_ID, title = '湿地地质研学'): SquadronEvent {
  return {
    id,
    title,
    description: '',
    start: '2027-03-10T09:00:00+08:00',
    end: '2027-03-10T11:30:00+08:00',
    place: '东门',
    themeDayId: null,
    audience: 'squadron',
    capacity: 100,
    registrationRequired: true,
    base,
    version: 1,
    updatedAt: '2026-11-25T00:00:00.000Z',
    remaining: 40,
    waitlistLength: 0,
    cutoffAt: '2027-03-09T09:00:00+08:00',
    open: true,
    approvalRequired: true,
  }
}

export function confirmedRegistration(): Registration {
  return {
    id: REG_ID,
    eventId: EVENT_ID,
    squadronId: '0193b2c4-3333-7000-8000-000000000001',
    squadronName: '某某小学五年级二班李四光中队',
    status: 'confirmed',
    headcount: 32,
    adults: 0,
    position: null,
    offer: null,
    declineReason: null,
    ticket: { token: TOKEN, code: CODE },
    checkIn: null,
    event: {
      id: EVENT_ID,
      title: '湿地地质研学',
      start: '2027-03-10T09:00:00+08:00',
      end: '2027-03-10T11:30:00+08:00',
      place: '东门',
      base: { id: base.id, name: base.name, address: null },
      cutoffAt: '2027-03-09T09:00:00+08:00',
    },
    createdAt: '2026-11-25T00:00:00.000Z',
    updatedAt: '2026-11-25T00:00:00.000Z',
  }
}

export function staffRow(overrides: Partial<StaffRegistration> = {}): StaffRegistration {
  return {
    id: REG_ID,
    eventId: EVENT_ID,
    status: 'confirmed',
    headcount: 32,
    adults: 0,
    position: null,
    offer: null,
    declineReason: null,
    squadronName: '某某小学五年级二班李四光中队',
    grade: 5,
    teacher: '王老师',
    schoolName: '杭州市某某小学',
    contact: '0571-12345678',
    ticketCode: CODE,
    ticketHash: sha256(TOKEN),
    checkIn: null,
    createdAt: '2026-11-25T00:00:00.000Z',
    ...overrides,
  }
}
