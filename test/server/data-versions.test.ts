import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { DataVersions } from '../../src/server/cache/data-versions.ts'
import { buildTestApp, ratingDeviceToken, seedAccount, TEST_DB, TestClient, type TestApp } from './helpers/test-app.ts'

/*
 * A write tells every instance to re-read the public data's versions (cache/data-versions.ts),
 * which costs a NOTIFY and waiting for its echo; routes whose writes touch none of that data say
 * so (`config.publicData: 'unchanged'`, app.ts) and tell nobody.
 */

const A = 'geological-museum-of-china'
const changed = vi.spyOn(DataVersions.prototype, 'changed')
let t: TestApp

beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(async () => {
  changed.mockRestore()
  await t.close()
})

describe(`which writes tell the other instances (${TEST_DB})`, () => {
  it('signing in and out and rating a base tell none', async () => {
    const { password } = await seedAccount(t, 'versions-staff', 'base_staff', { baseId: A })
    const staff = new TestClient(t.app)
    const visitor = new TestClient(t.app, '192.0.2.77')
    changed.mockClear()
    const deviceId = await ratingDeviceToken(t.app, '192.0.2.77')

    expect((await staff.login('versions-staff', password)).statusCode).toBe(200)
    const rated = await visitor.request({
      method: 'POST',
      url: '/api/ratings',
      payload: { baseId: A, deviceId, score: 4 },
    })
    expect(rated.statusCode, rated.body).toBe(201)
    expect((await staff.request({ method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(200)
    expect(changed).not.toHaveBeenCalled()
  })

  it('a notice tells them', async () => {
    const { password } = await seedAccount(t, 'versions-admin', 'admin')
    const admin = new TestClient(t.app)
    expect((await admin.login('versions-admin', password)).statusCode).toBe(200)
    changed.mockClear()

    const issued = await admin.request({
      method: 'POST',
      url: '/api/notices',
      payload: {
        event: '地质灾害气象风险预警',
        headline: '版本测试：滑坡黄色预警',
        level: 'yellow',
        hazards: ['landslide'],
        instruction: '远离陡坡。',
        area: { description: '北京市', provinces: ['110000'] },
        expires: '2099-01-01T00:00:00+08:00',
      },
    })
    expect(issued.statusCode, issued.body).toBe(201)
    expect(changed).toHaveBeenCalledTimes(1)
  })
})
