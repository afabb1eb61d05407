import type { RouteComponent } from 'vue-router'
import { i18n } from '../../app/i18n.ts'

/*
 * The judges' and the programme office's contest screens, each its own lazy chunk, reached by the
 * router through this one index (as experts/experts-screens.ts): the first screen names one chunk
 * for the feature, and two route records (ContestsReviewRouteView.vue picks the screen). Their
 * strings (contests-review-messages.ts, both languages, compiled at build time like the app's
 * locale files) are merged under `contestsReview` before any of them renders.
 */
export const contestsReviewScreens = {
  judging: () => import('./ContestJudgePanelsView.vue'),
  judgingPanel: () => import('./ContestJudgePanelView.vue'),
  judgingEntry: () => import('./ContestJudgeEntryView.vue'),
  adminList: () => import('./ContestAdminListView.vue'),
  adminEdit: () => import('./ContestAdminEditView.vue'),
  admin: () => import('./ContestAdminView.vue'),
  adminRanking: () => import('./ContestAdminRankingView.vue'),
} satisfies Record<string, () => Promise<{ default: RouteComponent }>>

export type ContestsReviewScreen = keyof typeof contestsReviewScreens

let loading: Promise<void> | null = null
export function loadContestsReviewMessages(): Promise<void> {
  loading ??= import('./contests-review-messages.ts').then(({ default: messages }) => {
    i18n.global.mergeLocaleMessage('zh-CN', { contestsReview: messages['zh-CN'] })
    i18n.global.mergeLocaleMessage('en', { contestsReview: messages.en })
  })
  loading.catch(() => {
    loading = null
  })
  return loading
}

/** The route component of every path of the feature, once its strings are in. */
export async function loadContestsReviewRoute(): Promise<{ default: RouteComponent }> {
  const [module] = await Promise.all([import('./ContestsReviewRouteView.vue'), loadContestsReviewMessages()])
  return module
}

/** The links under 我的 for experts and admins, with the strings they show. */
export async function loadContestsReviewMeLinks(): Promise<{ default: RouteComponent }> {
  const [module] = await Promise.all([import('./ContestsReviewMeLinks.vue'), loadContestsReviewMessages()])
  return module
}
