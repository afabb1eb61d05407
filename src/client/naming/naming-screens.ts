import type { RouteComponent } from 'vue-router'
import { loadNamingMessages } from './naming-messages.ts'

/*
 * The naming screens (issue 24), each its own lazy chunk, with their strings merged before one
 * renders. The router reaches them through this one module, as it does the experts' screens.
 */
const screens = {
  designations: () => import('./DesignationsView.vue'),
  // 申报 (apply/) and its administration (admin/): each folder loads its own strings.
  'applicant-signup': () => import('./apply/apply-screens.ts').then((m) => m.loadApplyScreen('signup')),
  applications: () => import('./apply/apply-screens.ts').then((m) => m.loadApplyScreen('list')),
  application: () => import('./apply/apply-screens.ts').then((m) => m.loadApplyScreen('form')),
  'naming-admin': () => import('./admin/naming-admin-screens.ts').then((m) => m.loadNamingAdminScreen('calls')),
  'naming-admin-call': () => import('./admin/naming-admin-screens.ts').then((m) => m.loadNamingAdminScreen('call')),
} satisfies Record<string, () => Promise<{ default: RouteComponent }>>

export type NamingScreen = keyof typeof screens

export async function loadNamingScreen(screen: NamingScreen): Promise<{ default: RouteComponent }> {
  const [module] = await Promise.all([screens[screen](), loadNamingMessages()])
  return module
}
