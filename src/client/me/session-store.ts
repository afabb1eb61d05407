import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import {
  account as accountSchema, accountListResponse, accountResponse, okResponse, sessionInfo,
  type Account, type AccountStatus, type CreateStaffBody, type LoginBody, type SchoolSignupBody, type SetupBody,
} from '../../shared/index.ts'
import { apiRequest, ApiRequestError } from '../api/http.ts'
import { rememberedRaw, rememberRaw } from './remembered-account.ts'
import { requestPersistentStorage } from './storage-status.ts'

/** The remembered account, checked against the schema (it is only a hint until the server answers). */
function rememberedAccount(): Account | null {
  const parsed = accountSchema.safeParse(rememberedRaw())
  return parsed.success ? parsed.data : null
}
const remember = (value: Account | null) => rememberRaw(value)

export type SessionState = 'unknown' | 'signed-out' | 'signed-in' | 'offline'

/** Who is signed in. The server session (httpOnly cookie) is the truth; this mirrors it. */
export const useSessionStore = defineStore('session', () => {
  const account = ref<Account | null>(null)
  const setupRequired = ref(false)
  const state = ref<SessionState>('unknown')

  async function refresh(): Promise<void> {
    try {
      const info = await apiRequest('/api/auth/session', { response: sessionInfo })
      account.value = info.account
      remember(info.account)
      setupRequired.value = info.setupRequired
      state.value = info.account ? 'signed-in' : 'signed-out'
      if (info.account) void afterSignIn(info.account)
    } catch (error) {
      if (error instanceof ApiRequestError && error.failure.kind === 'offline') {
        account.value ??= rememberedAccount()
        state.value = 'offline'
      } else throw error
    }
  }

  async function afterSignIn(signedIn: Account): Promise<void> {
    // Staff keep unsynced entries on the device: ask the browser not to evict them.
    if (signedIn.role === 'base_staff' || signedIn.role === 'admin') await requestPersistentStorage()
  }

  async function login(body: LoginBody): Promise<Account> {
    const result = await apiRequest('/api/auth/login', { method: 'POST', body, response: accountResponse })
    account.value = result.account
    remember(result.account)
    state.value = 'signed-in'
    await afterSignIn(result.account)
    return result.account
  }

  async function logout(): Promise<void> {
    await apiRequest('/api/auth/logout', { method: 'POST', body: {}, response: okResponse })
    account.value = null
    remember(null)
    state.value = 'signed-out'
  }

  async function setup(body: SetupBody): Promise<Account> {
    const result = await apiRequest('/api/auth/setup', { method: 'POST', body, response: accountResponse })
    account.value = result.account
    remember(result.account)
    setupRequired.value = false
    state.value = 'signed-in'
    return result.account
  }

  async function signup(body: SchoolSignupBody): Promise<Account> {
    return (await apiRequest('/api/auth/signup', { method: 'POST', body, response: accountResponse })).account
  }

  async function listAccounts(status?: AccountStatus): Promise<Account[]> {
    const query = status ? `?status=${status}` : ''
    return (await apiRequest(`/api/admin/accounts${query}`, { response: accountListResponse })).accounts
  }

  async function createStaff(body: CreateStaffBody): Promise<Account> {
    return (await apiRequest('/api/admin/accounts', { method: 'POST', body, response: accountResponse })).account
  }

  async function approve(id: string): Promise<Account> {
    return (await apiRequest(`/api/admin/accounts/${encodeURIComponent(id)}/approve`, { method: 'POST', body: {}, response: accountResponse })).account
  }

  const role = computed(() => account.value?.role ?? null)
  return { account, setupRequired, state, role, refresh, login, logout, setup, signup, listAccounts, createStaff, approve }
})
