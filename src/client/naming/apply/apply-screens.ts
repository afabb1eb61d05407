import type { RouteComponent } from 'vue-router'
import { loadApplyMessages } from './apply-messages.ts'

/*
 * The applicant's screens (申报), reached through naming-screens.ts: each its own chunk, with the
 * 申报 strings, and for the form the base editor's strings its pin picker speaks with.
 */
const screens = {
  signup: () => import('./ApplicantSignupView.vue'),
  list: () => import('./ApplyListView.vue'),
  form: async () => {
    const [module] = await Promise.all([
      import('./ApplyFormView.vue'),
      import('../../bases/edit/base-edit-messages.ts').then((m) => m.loadBaseEditMessages()),
    ])
    return module
  },
} satisfies Record<string, () => Promise<{ default: RouteComponent }>>

export type ApplyScreen = keyof typeof screens

export async function loadApplyScreen(screen: ApplyScreen): Promise<{ default: RouteComponent }> {
  const [module] = await Promise.all([screens[screen](), loadApplyMessages()])
  return module
}
