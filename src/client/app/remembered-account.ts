/**
 * The last signed-in account, kept in localStorage so a staff member whose phone restarts without
 * signal still sees their workbench (the server session cookie is still there; the server stays
 * the judge of it). Tiny and dependency-free: the app shell reads the role before anything loads.
 */
export const REMEMBERED_ACCOUNT_KEY = 'zk.account.v1'

export function rememberedRaw(): unknown {
  try {
    return JSON.parse(localStorage.getItem(REMEMBERED_ACCOUNT_KEY) ?? 'null') as unknown
  } catch {
    return null
  }
}

export function rememberedRole(): string | null {
  const raw = rememberedRaw()
  const role = raw && typeof raw === 'object' ? (raw as { role?: unknown }).role : null
  return typeof role === 'string' ? role : null
}

export function rememberRaw(value: unknown): void {
  try {
    if (value) localStorage.setItem(REMEMBERED_ACCOUNT_KEY, JSON.stringify(value))
    else localStorage.removeItem(REMEMBERED_ACCOUNT_KEY)
  } catch {
    /* private mode: nothing to remember */
  }
}
