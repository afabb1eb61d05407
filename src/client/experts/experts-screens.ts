import type { RouteComponent } from 'vue-router'
import { loadExpertMessages } from './experts-messages.ts'

/*
 * The 科普专家库 screens, each its own lazy chunk, with their strings merged before one renders.
 * The router reaches them all through this one module: the first screen's script then names one
 * chunk for the whole feature, not the thirty-odd files its screens are built from (every file a
 * route may load is listed in the entry, for preloading).
 */
const screens = {
  list: () => import('./ExpertsView.vue'),
  page: () => import('./ExpertDetailView.vue'),
  invite: () => import('./ExpertInviteView.vue'),
  profile: () => import('./ExpertProfileView.vue'),
  schedule: () => import('./ExpertScheduleView.vue'),
  admin: () => import('./ExpertAdminView.vue'),
  staff: () => import('./ExpertStaffRequestsView.vue'),
  /** Not a screen: the credited experts on a work's page (works/WorkDetailView.vue). */
  workCredits: () => import('./ExpertWorkCredits.vue'),
} satisfies Record<string, () => Promise<{ default: RouteComponent }>>

export type ExpertScreen = keyof typeof screens

export async function loadExpertScreen(screen: ExpertScreen): Promise<{ default: RouteComponent }> {
  const [module] = await Promise.all([screens[screen](), loadExpertMessages()])
  return module
}
