import type { RouteComponent } from 'vue-router'
import { loadNamingMessages } from './naming-messages.ts'

/*
 * The naming screens (issue 24), each its own lazy chunk, with their strings merged before one
 * renders. The router reaches them through this one module, as it does the experts' screens.
 */
const screens = {
  designations: () => import('./DesignationsView.vue'),
} satisfies Record<string, () => Promise<{ default: RouteComponent }>>

export type NamingScreen = keyof typeof screens

export async function loadNamingScreen(screen: NamingScreen): Promise<{ default: RouteComponent }> {
  const [module] = await Promise.all([screens[screen](), loadNamingMessages()])
  return module
}
