import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { VueWrapper } from '@vue/test-utils'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createSession } from '../../../src/server/services/session-service.ts'
import type { BuiltBase } from '../../../src/shared/index.ts'
import type { BaseEditRecord } from '../../../src/shared/schemas/base-edit.ts'
import { buildTestApp, seedAccount, TestClient, type TestApp } from '../../server/helpers/test-app.ts'
import { browserNetwork, type BrowserNetwork } from '../helpers/browser-network.ts'
import { mountApp, settle, waitFor } from '../helpers/mount-app.ts'

/** These steps go through a real server: wait as long as `waitFor` does, not vi.waitFor's 1 s. */
const waitUntil = <T>(check: () => T) => vi.waitFor(check, { timeout: 5000, interval: 20 })

/*
 * The base profile screens against the real server (issue 21): staff change their base's hours
 * and phone and send them for review; an admin sees each field before and after and approves;
 * the published base carries the change. A field someone else published meanwhile comes back as
 * a conflict showing the current value, and the staff member's own value can be sent again on top.
 */

const A = 'geological-museum-of-china'
let t: TestApp
let network: BrowserNetwork
let dataDir: string
const tokens: Record<string, string> = {}
let adminClient: TestClient

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'zk-base-profile-ui-'))
  t = await buildTestApp({ DATA_DIR: dataDir })
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  network = await browserNetwork(`http://127.0.0.1:${String((t.app.server.address() as AddressInfo).port)}`)
  ;(window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(`${network.origin}/`)
  for (const [name, role, baseId] of [
    ['ui-staff', 'base_staff', A],
    ['ui-admin', 'admin', undefined],
  ] as const) {
    const { account } = await seedAccount(t, name, role, baseId ? { baseId } : {})
    tokens[name] = (await createSession(t.database.db, account.id)).token
  }
  adminClient = new TestClient(t.app)
  adminClient.cookie = `zk_session=${tokens['ui-admin'] ?? ''}`
}, 120_000)
afterAll(async () => {
  await network.close()
  await t.close()
  rmSync(dataDir, { recursive: true, force: true })
})
beforeEach(() => {
  localStorage.clear()
  document.body.innerHTML = ''
})

/** Signs the happy-dom page in as `name` (its session cookie, as the login would set). */
function signIn(name: string): void {
  document.cookie = `zk_session=${tokens[name] ?? ''}; path=/`
}

async function changeField(wrapper: VueWrapper, testid: string, value: string): Promise<void> {
  const input = wrapper.get(`[data-testid="${testid}"] input, input[data-testid="${testid}"]`)
  await input.setValue(value)
}

describe('a base profile, from staff to admin to visitors', () => {
  it('sends hours and phone for review, shows the admin each field before and after, and publishes', async () => {
    signIn('ui-staff')
    const staff = await mountApp('/me/staff/base')
    await waitFor(staff.wrapper, '[data-testid="profile-hours"] [data-testid="hours-editor"]')
    expect(staff.wrapper.get('[data-testid="view-base-profile"] h1').text()).toBe('中国地质博物馆')
    expect(staff.wrapper.find('[data-testid="profile-changed"]').exists()).toBe(false)

    await staff.wrapper.get('[data-testid="hours-preset-daily"]').trigger('click')
    await changeField(staff.wrapper, 'profile-phone', '010-68999999')
    await settle()
    expect(staff.wrapper.get('[data-testid="profile-changed"]').text()).toBe('已修改 2 项：开放时间、电话')
    expect(staff.wrapper.find('[data-testid="profile-publish"]').exists()).toBe(false) // this base is reviewed
    await staff.wrapper.get('[data-testid="profile-propose"]').trigger('click')
    const sent = await waitFor(staff.wrapper, '[data-testid="profile-message"]')
    expect(sent.text()).toContain('已提交，等管理员审核')
    await waitUntil(() => expect(staff.wrapper.get('[data-testid="proposal-status"]').text()).toBe('待审核'))
    staff.wrapper.unmount()

    signIn('ui-admin')
    document.body.innerHTML = ''
    const admin = await mountApp('/me/admin/bases')
    const card = await waitFor(admin.wrapper, '[data-testid="review-proposal"]')
    expect(card.get('[data-testid="diff-openingHours"] [data-testid="diff-before"]').text()).toBe(
      '周二至周日 09:00–16:30，周一闭馆',
    )
    expect(card.get('[data-testid="diff-openingHours"] [data-testid="diff-after"]').text()).toBe('每天 09:00–17:00')
    expect(card.get('[data-testid="diff-phone"]').text()).toContain('（空）')
    expect(card.get('[data-testid="diff-phone"] [data-testid="diff-after"]').text()).toBe('010-68999999')
    await card.get('[data-testid="review-approve"]').trigger('click')
    await waitUntil(() => expect(admin.wrapper.get('[data-testid="review-done"]').text()).toBe('已批准并发布'))
    admin.wrapper.unmount()

    const published = (await adminClient.request({ url: `/api/bases/${A}` })).json<BuiltBase>()
    expect({ hours: published.openingHours, phone: published.phone }).toEqual({
      hours: 'Mo-Su 09:00-17:00',
      phone: '010-68999999',
    })
  })

  it('shows a field published meanwhile as a conflict, and sends the staff value again on top of it', async () => {
    signIn('ui-staff')
    const staff = await mountApp('/me/staff/base')
    await waitFor(staff.wrapper, '[data-testid="profile-phone"]')

    // Meanwhile an admin publishes another phone number.
    const loaded = (await adminClient.request({ url: `/api/base-profiles/${A}` })).json<BaseEditRecord>()
    const direct = await adminClient.request({
      method: 'POST',
      url: `/api/base-profiles/${A}/proposals`,
      payload: {
        changes: { phone: '010-11111111' },
        loadedVersions: { phone: loaded.fields.phone.version },
        mode: 'publish',
      },
    })
    expect(direct.statusCode, direct.body).toBe(201)

    await changeField(staff.wrapper, 'profile-phone', '010-22222222')
    await staff.wrapper.get('[data-testid="profile-propose"]').trigger('click')
    const conflict = await waitFor(staff.wrapper, '[data-testid="profile-conflict"]')
    expect(conflict.text()).toContain('“电话”在你打开这页后已被修改')
    expect(conflict.get('[data-testid="conflict-current"]').text()).toBe('010-11111111')
    // Nothing typed was lost.
    expect((staff.wrapper.get('[data-testid="profile-phone"] input').element as HTMLInputElement).value).toBe(
      '010-22222222',
    )

    await conflict.get('[data-testid="conflict-reapply"]').trigger('click')
    await staff.wrapper.get('[data-testid="profile-propose"]').trigger('click')
    await waitUntil(() =>
      expect(staff.wrapper.get('[data-testid="profile-message"]').text()).toContain('已提交，等管理员审核'),
    )
    expect(staff.wrapper.find('[data-testid="profile-conflict"]').exists()).toBe(false)
  })
})
