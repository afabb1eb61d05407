import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { localDb } from '../../../src/client/local-db/local-db.ts'
import { json, mountApp, stubFetch, waitFor } from '../helpers/mount-app.ts'
import { CODE, confirmedRegistration, REG_ID, school } from '../helpers/squadron-fixtures.ts'

let online = true
const offline = () => Promise.reject(new TypeError('Failed to fetch'))

beforeEach(() => {
  online = true
  localStorage.clear()
  stubFetch({
    '/api/auth/session': () => (online ? json(200, { account: school, setupRequired: false }) : offline()),
    '/api/school/registrations': () =>
      online ? json(200, { registrations: [confirmedRegistration()], visits: [] }) : offline(),
  })
})
afterEach(async () => {
  await localDb.savedRegistrations.clear()
  await localDb.savedVisits.clear()
  document.body.innerHTML = ''
})

describe('squadron ticket', () => {
  it('opens with no signal from the copy kept on the phone: QR, code and the class', async () => {
    const first = await mountApp('/me/squadron')
    await vi.waitFor(() =>
      expect(first.wrapper.get(`[data-testid="registration-${REG_ID}"]`).text()).toContain('已确认'),
    )
    expect(await localDb.savedRegistrations.count()).toBe(1)
    first.wrapper.unmount()

    // At the gate: no network at all; the app starts afresh (new stores).
    online = false
    const { wrapper } = await mountApp(`/me/squadron/tickets/${REG_ID}`)
    await vi.waitFor(
      () => expect(wrapper.get('[data-testid="ticket-code"]').text()).toBe(`${CODE.slice(0, 4)}-${CODE.slice(4)}`),
      { timeout: 5000 },
    )
    expect(wrapper.get('[data-testid="ticket-squadron"]').text()).toBe('某某小学五年级二班李四光中队')
    expect(wrapper.get('[data-testid="ticket-headcount"]').text()).toBe('32 人')
    // The QR is drawn on the phone (lazy qrcode chunk), as an SVG.
    const qr = await waitFor(wrapper, '[data-testid="ticket-qr"] svg')
    expect(qr.findAll('path').length).toBeGreaterThan(0)
  })

  it('lists the registrations offline too, and says it is the saved copy', async () => {
    const first = await mountApp('/me/squadron')
    await waitFor(first.wrapper, `[data-testid="registration-${REG_ID}"]`)
    first.wrapper.unmount()
    online = false
    const { wrapper } = await mountApp('/me/squadron')
    await waitFor(wrapper, '[data-testid="squadron-offline-copy"]')
    expect(wrapper.get(`[data-testid="registration-${REG_ID}"]`).text()).toContain('湿地地质研学')
    expect(wrapper.find('[data-testid="registration-ticket"]').exists()).toBe(true)
  })

  it('says plainly when a ticket is not on the phone', async () => {
    online = false
    const { wrapper } = await mountApp(`/me/squadron/tickets/${REG_ID}`)
    await vi.waitFor(() => expect(wrapper.text()).toContain('找不到这张电子票'), { timeout: 5000 })
  })
})
