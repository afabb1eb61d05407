import { defineStore } from 'pinia'
import { reactive, ref, shallowRef } from 'vue'
import type { Account, AccountStatus, CreateStaffBody, PasswordResetResponse, Role } from '../../shared/index.ts'
import { apiRequest } from '../api/http.ts'

/*
 * The admin's account management: list with filters, approve, reject, disable, enable, reset a
 * password, create staff. Only admins reach these screens, so the schemas load with the first
 * request instead of with the app.
 */
const schemas = () => import('../../shared/schemas/api.ts')
const accountResponse = () => schemas().then((m) => m.accountResponse)
const accountPath = (id: string, action: string) => `/api/admin/accounts/${encodeURIComponent(id)}/${action}`

export interface AccountFilters {
  q: string
  role: Role | null
  status: AccountStatus | null
}
export type AccountsState = 'idle' | 'loading' | 'loaded' | 'failed'

export const useAdminAccountsStore = defineStore('admin-accounts', () => {
  const accounts = shallowRef<readonly Account[]>([])
  const filters = reactive<AccountFilters>({ q: '', role: null, status: null })
  const state = ref<AccountsState>('idle')
  const error = shallowRef<unknown>(null)
  /** Only the answer to the latest filters counts: a slow search must not overwrite a newer one. */
  let asked = 0

  async function fetchList(query: Partial<AccountFilters>): Promise<Account[]> {
    const params = new URLSearchParams()
    if (query.q?.trim()) params.set('q', query.q.trim())
    if (query.role) params.set('role', query.role)
    if (query.status) params.set('status', query.status)
    const search = params.size ? `?${params.toString()}` : ''
    return (
      await apiRequest(`/api/admin/accounts${search}`, { response: schemas().then((m) => m.accountListResponse) })
    ).accounts
  }

  /** Loads the list for the current filters. */
  async function load(): Promise<void> {
    const mine = ++asked
    state.value = 'loading'
    try {
      const list = await fetchList(filters)
      if (mine !== asked) return
      accounts.value = list
      state.value = 'loaded'
      error.value = null
    } catch (e) {
      if (mine !== asked) return
      error.value = e
      state.value = 'failed'
    }
  }

  /** School sign-ups waiting for a decision (the admin page's first section). */
  const pending = (): Promise<Account[]> => fetchList({ status: 'pending' })

  /** One account: from the list shown, else asked for (there is no GET by id; the list holds at most 500). */
  async function find(id: string): Promise<Account | null> {
    return accounts.value.find((a) => a.id === id) ?? (await fetchList({})).find((a) => a.id === id) ?? null
  }

  /** Puts the server's answer in the list, so the list and the detail agree without a reload. */
  function replace(updated: Account): Account {
    accounts.value = accounts.value.map((a) => (a.id === updated.id ? updated : a))
    return updated
  }

  const post = async (id: string, action: string, body: object = {}) =>
    replace((await apiRequest(accountPath(id, action), { method: 'POST', body, response: accountResponse() })).account)

  const approve = (id: string) => post(id, 'approve')
  const reject = (id: string, reason: string) => post(id, 'reject', { reason })
  /** Ends every session of the account at once (server side). */
  const disable = (id: string, reason: string) => post(id, 'disable', { reason })
  const enable = (id: string) => post(id, 'enable')

  /** A new random password, shown once: the store returns it and keeps no copy. */
  async function resetPassword(id: string): Promise<PasswordResetResponse> {
    const result = await apiRequest(accountPath(id, 'password'), {
      method: 'POST',
      body: {},
      response: schemas().then((m) => m.passwordResetResponse),
    })
    replace(result.account)
    return result
  }

  async function createStaff(body: CreateStaffBody): Promise<Account> {
    const { account } = await apiRequest('/api/admin/accounts', { method: 'POST', body, response: accountResponse() })
    accounts.value = [account, ...accounts.value]
    return account
  }

  return {
    accounts,
    filters,
    state,
    error,
    load,
    pending,
    find,
    approve,
    reject,
    disable,
    enable,
    resetPassword,
    createStaff,
    replace,
  }
})
