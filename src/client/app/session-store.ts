import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { Account, ChangePasswordBody, LoginBody, SchoolSignupBody, SetupBody } from '../../shared/index.ts'
import { apiRequest, ApiRequestError } from '../api/http.ts'
import { getValidated } from './off-thread.ts'
import { rememberedRaw, rememberRaw } from './remembered-account.ts'
import { requestPersistentStorage } from './storage-status.ts'

/*
 * The session check that every screen may start is validated in the API worker; the schemas of
 * the other requests (and Zod) load in the page with the first of them, so a visitor who never
 * signs in never runs them on the main thread.
 */
const schemas = () => import('../../shared/schemas/api.ts')
const accountResponse = () => schemas().then((m) => m.accountResponse)

/** The remembered account, checked against the schema (it is only a hint until the server answers). */
async function rememberedAccount(): Promise<Account | null> {
  try {
    const { account } = await import('../../shared/schemas/account.ts')
    const parsed = account.safeParse(rememberedRaw())
    return parsed.success ? parsed.data : null
  } catch {
    return null // the schema's chunk is missing (offline before the precache finished)
  }
}
const remember = (value: Account | null) => rememberRaw(value)

export type SessionState = 'unknown' | 'signed-out' | 'signed-in' | 'offline'

/** Who is signed in. The server session (httpOnly cookie) is the truth; this mirrors it. */
export const useSessionStore = defineStore('session', () => {
  const account = ref<Account | null>(null)
  const setupRequired = ref(false)
  const state = ref<SessionState>('unknown')

  /**
   * Bumped by every sign-in, sign-out and setup. A session check sent before one of them answers
   * for the old cookie: its answer is dropped, or a slow check sent from the sign-in screen would
   * sign the user out again just after they signed in (and stop staff sync mid-tally).
   */
  let generation = 0

  async function refresh(): Promise<void> {
    const asked = generation
    try {
      const info = await getValidated('/api/auth/session', 'sessionInfo')
      if (asked !== generation) return
      account.value = info.account
      remember(info.account)
      setupRequired.value = info.setupRequired
      state.value = info.account ? 'signed-in' : 'signed-out'
      if (info.account) void afterSignIn(info.account)
    } catch (error) {
      if (error instanceof ApiRequestError && error.failure.kind === 'offline') {
        if (asked !== generation) return
        account.value ??= await rememberedAccount()
        state.value = 'offline'
      } else throw error
    }
  }

  async function afterSignIn(signedIn: Account): Promise<void> {
    // Staff keep unsynced entries on the device: ask the browser not to evict them.
    if (signedIn.role === 'base_staff' || signedIn.role === 'admin') await requestPersistentStorage()
  }

  async function login(body: LoginBody): Promise<Account> {
    const result = await apiRequest('/api/auth/login', { method: 'POST', body, response: accountResponse() })
    generation++
    account.value = result.account
    remember(result.account)
    state.value = 'signed-in'
    await afterSignIn(result.account)
    return result.account
  }

  async function logout(): Promise<void> {
    await apiRequest('/api/auth/logout', { method: 'POST', body: {}, response: schemas().then((m) => m.okResponse) })
    generation++
    account.value = null
    remember(null)
    state.value = 'signed-out'
  }

  async function setup(body: SetupBody): Promise<Account> {
    const result = await apiRequest('/api/auth/setup', { method: 'POST', body, response: accountResponse() })
    generation++
    account.value = result.account
    remember(result.account)
    setupRequired.value = false
    state.value = 'signed-in'
    return result.account
  }

  async function signup(body: SchoolSignupBody): Promise<Account> {
    return (await apiRequest('/api/auth/signup', { method: 'POST', body, response: accountResponse() })).account
  }

  /** Changes the signed-in holder's password; their other sessions end, this one stays. */
  async function changePassword(body: ChangePasswordBody): Promise<Account> {
    const result = await apiRequest('/api/auth/password', { method: 'POST', body, response: accountResponse() })
    account.value = result.account
    remember(result.account)
    return result.account
  }

  const role = computed(() => account.value?.role ?? null)
  return { account, setupRequired, state, role, refresh, login, logout, setup, signup, changePassword }
})
