import type { RouteComponent } from 'vue-router'
import { loadContestMessages } from './contests-messages.ts'

/*
 * The contest screens for the public and for entrants, each its own lazy chunk, with their strings
 * merged before one renders. The router reaches them all through this one module (the judges' and
 * admins' screens have their own index in review/).
 */
const screens = {
  list: () => import('./ContestsView.vue'),
  page: () => import('./ContestDetailView.vue'),
  mine: () => import('./MyContestsView.vue'),
  entry: () => import('./ContestEntryEditorView.vue'),
} satisfies Record<string, () => Promise<{ default: RouteComponent }>>

export type ContestScreen = keyof typeof screens

export async function loadContestScreen(screen: ContestScreen): Promise<{ default: RouteComponent }> {
  const [module] = await Promise.all([screens[screen](), loadContestMessages()])
  return module
}
