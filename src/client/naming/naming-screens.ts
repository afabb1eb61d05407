import type { RouteComponent } from 'vue-router'
import { loadNamingMessages } from './naming-messages.ts'
import { loadNamingReviewMessages } from './review/naming-review-messages.ts'

/** A review or evaluation screen, with the `namingReview` strings merged before it renders. */
function withReviewMessages(screen: () => Promise<{ default: RouteComponent }>) {
  return async () => (await Promise.all([screen(), loadNamingReviewMessages()]))[0]
}

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
  // Review and evaluation (review/, evaluation/): their strings are their own chunk (namingReview).
  reviewPanels: withReviewMessages(() => import('./review/NamingReviewPanelsView.vue')),
  reviewPanel: withReviewMessages(() => import('./review/NamingReviewPanelView.vue')),
  reviewItem: withReviewMessages(() => import('./review/NamingReviewItemView.vue')),
  reviewAdmin: withReviewMessages(() => import('./review/NamingReviewAdminView.vue')),
  reviewCall: withReviewMessages(() => import('./review/NamingReviewCallView.vue')),
  reviewRanking: withReviewMessages(() => import('./review/NamingReviewRankingView.vue')),
  evaluationsAdmin: withReviewMessages(() => import('./evaluation/EvaluationAdminView.vue')),
  evaluationAdmin: withReviewMessages(() => import('./evaluation/EvaluationAdminDetailView.vue')),
  selfReport: withReviewMessages(() => import('./evaluation/EvaluationSelfReportView.vue')),
  reviewMeLinks: withReviewMessages(() => import('./review/NamingReviewMeLinks.vue')),
  baseEvaluations: withReviewMessages(() => import('./evaluation/BaseEvaluationResults.vue')),
} satisfies Record<string, () => Promise<{ default: RouteComponent }>>

export type NamingScreen = keyof typeof screens

export async function loadNamingScreen(screen: NamingScreen): Promise<{ default: RouteComponent }> {
  const [module] = await Promise.all([screens[screen](), loadNamingMessages()])
  return module
}
