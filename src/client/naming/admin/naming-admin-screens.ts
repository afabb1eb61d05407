import type { RouteComponent } from 'vue-router'
import { loadNamingAdminMessages } from './naming-admin-messages.ts'

/* The admin's 申报 screens, reached through naming-screens.ts, each with the 申报管理 strings. */
const screens = {
  calls: () => import('./NamingAdminCallsView.vue'),
  call: () => import('./NamingAdminCallView.vue'),
} satisfies Record<string, () => Promise<{ default: RouteComponent }>>

export type NamingAdminScreen = keyof typeof screens

export async function loadNamingAdminScreen(screen: NamingAdminScreen): Promise<{ default: RouteComponent }> {
  const [module] = await Promise.all([screens[screen](), loadNamingAdminMessages()])
  return module
}
