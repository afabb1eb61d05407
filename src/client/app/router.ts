import {
  createRouter,
  createWebHistory,
  type RouteComponent,
  type RouteRecordRaw,
  type RouterHistory,
} from 'vue-router'
import type { ContestScreen } from '../contests/contests-screens.ts'
import type { ExpertScreen } from '../experts/experts-screens.ts'
import { loadWorkspaceMessages, needsWorkspaceMessages } from './workspace-messages.ts'
import type { NamingScreen } from '../naming/naming-screens.ts'
import type { WorksEditorScreen } from '../works/editor/works-editor-screens.ts'

/** A 李四光中队 screen: its strings are a lazy chunk of their own, merged before it renders. */
const squadron = (view: () => Promise<{ default: RouteComponent }>) => async () => {
  const [{ loadSquadronMessages }, module] = await Promise.all([import('../squadron/squadron-messages.ts'), view()])
  await loadSquadronMessages()
  return module
}

/** A 科普专家库 screen, loaded with its strings through the feature's one index (experts-screens.ts). */
const experts = (screen: ExpertScreen) => async () =>
  (await import('../experts/experts-screens.ts')).loadExpertScreen(screen)
/** A base profile screen (staff editing their base, admins reviewing): its strings load with it. */
const baseEdit = (view: () => Promise<{ default: RouteComponent }>) => async () => {
  const [{ loadBaseEditMessages }, module] = await Promise.all([import('../bases/edit/base-edit-messages.ts'), view()])
  await loadBaseEditMessages()
  return module
}

/** A contest screen for the public or an entrant, loaded with its strings through contests-screens.ts. */
const contests = (screen: ContestScreen) => async () =>
  (await import('../contests/contests-screens.ts')).loadContestScreen(screen)

/** Judges' and the programme office's contest screens: the feature picks one from the rest of the path. */
const contestsReview = async () =>
  (await import('../contests/review/contests-review-screens.ts')).loadContestsReviewRoute()

const naming = (screen: NamingScreen) => async () =>
  (await import('../naming/naming-screens.ts')).loadNamingScreen(screen)

/** The works editor's screens (admins and staff allowed to edit works), with their strings. */
const worksEditor = (screen: WorksEditorScreen) => async () =>
  (await import('../works/editor/works-editor-screens.ts')).loadWorksEditorScreen(screen)

/** Every screen is its own lazy chunk; the service worker precaches them all for offline use. */
export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/bases' },
  { path: '/bases', name: 'bases', component: () => import('../bases/BasesView.vue') },
  { path: '/bases/:id', name: 'base', component: () => import('../bases/BaseDetailView.vue'), props: true },
  { path: '/works', name: 'works', component: () => import('../works/WorksView.vue') },
  { path: '/works/:id', name: 'work', component: () => import('../works/WorkDetailView.vue'), props: true },
  { path: '/experts', name: 'experts', component: experts('list') },
  { path: '/designations', name: 'designations', component: naming('designations') },
  {
    path: '/experts/:id',
    name: 'expert',
    component: experts('page'),
    props: true,
  },
  { path: '/contests', name: 'contests', component: contests('list') },
  { path: '/contests/:id', name: 'contest', component: contests('page'), props: true },
  { path: '/calendar', name: 'calendar', component: () => import('../calendar/CalendarView.vue') },
  {
    path: '/calendar/events/:id',
    name: 'event',
    component: () => import('../calendar/EventDetailView.vue'),
    props: true,
  },
  {
    path: '/calendar/days/:id',
    name: 'theme-day',
    component: () => import('../calendar/ThemeDayView.vue'),
    props: true,
  },
  { path: '/notices', name: 'notices', component: () => import('../notices/NoticesView.vue') },
  {
    path: '/notices/guides/:id',
    name: 'guide',
    component: () => import('../notices/GuideDetailView.vue'),
    props: true,
  },
  { path: '/notices/admin', name: 'notice-admin', component: () => import('../notices/NoticeAdminView.vue') },
  { path: '/notices/:id', name: 'notice', component: () => import('../notices/NoticeDetailView.vue'), props: true },
  { path: '/search', name: 'search', component: () => import('../search/SearchView.vue') },
  { path: '/me', name: 'me', component: () => import('../me/MeView.vue') },
  { path: '/me/login', name: 'login', component: () => import('../me/MeLoginView.vue') },
  { path: '/me/signup', name: 'signup', component: () => import('../me/MeSignupView.vue') },
  { path: '/me/admin', name: 'admin', component: () => import('../me/MeAdminView.vue') },
  { path: '/me/admin/accounts', name: 'accounts', component: () => import('../me/MeAccountsView.vue') },
  { path: '/me/admin/accounts/:id', name: 'account', component: () => import('../me/MeAccountView.vue'), props: true },
  {
    path: '/me/admin/experts',
    name: 'expert-admin',
    component: experts('admin'),
  },
  { path: '/me/expert', name: 'expert-profile', component: experts('profile') },
  {
    path: '/me/expert/requests',
    name: 'expert-schedule',
    component: experts('schedule'),
  },
  {
    path: '/me/admin/bases',
    name: 'base-proposals',
    component: baseEdit(() => import('../bases/edit/BaseProposalsView.vue')),
  },
  {
    path: '/me/admin/bases/:baseId',
    name: 'base-profile-admin',
    component: baseEdit(() => import('../bases/edit/BaseProfileView.vue')),
    props: true,
  },
  {
    path: '/me/admin/bases/:baseId/history',
    name: 'base-history',
    component: baseEdit(() => import('../bases/edit/BaseHistoryView.vue')),
    props: true,
  },
  // 申报 (issue 24): institutions sign up, apply to a call; admins check, export and name a batch.
  { path: '/me/applicant-signup', name: 'applicant-signup', component: naming('applicant-signup') },
  { path: '/me/applications', name: 'applications', component: naming('applications') },
  { path: '/me/applications/:id', name: 'application', component: naming('application'), props: true },
  { path: '/me/admin/naming', name: 'naming-admin', component: naming('naming-admin') },
  {
    path: '/me/admin/naming/calls/:id',
    name: 'naming-admin-call',
    component: naming('naming-admin-call'),
    props: true,
  },
  { path: '/me/contests', name: 'my-contests', component: contests('mine') },
  {
    path: '/me/contests/:contestId/new',
    name: 'contest-entry-new',
    component: contests('entry'),
    props: true,
  },
  {
    path: '/me/contests/entries/:entryId',
    name: 'contest-entry',
    component: contests('entry'),
    props: true,
  },
  // /me/judging[/:panelId[/entries/:entryId]] and /me/admin/contests[/new, /:id[/edit, /panels/:panelId]]
  { path: '/me/judging/:rest(.*)*', component: contestsReview },
  { path: '/me/admin/contests/:rest(.*)*', component: contestsReview },
  { path: '/me/editor/works', name: 'works-editor', component: worksEditor('list') },
  { path: '/me/editor/works/new', name: 'work-editor-new', component: worksEditor('edit') },
  { path: '/me/editor/works/:id', name: 'work-editor', component: worksEditor('edit'), props: true },
  // Base naming review and the yearly evaluation (naming/review/, naming/evaluation/).
  { path: '/me/review', name: 'naming-review', component: naming('reviewPanels') },
  { path: '/me/review/:panelId', name: 'naming-review-panel', component: naming('reviewPanel'), props: true },
  {
    path: '/me/review/:panelId/items/:itemId',
    name: 'naming-review-item',
    component: naming('reviewItem'),
    props: true,
  },
  { path: '/me/admin/naming-review', name: 'naming-review-admin', component: naming('reviewAdmin') },
  {
    path: '/me/admin/naming-review/:callId',
    name: 'naming-review-call',
    component: naming('reviewCall'),
    props: true,
  },
  {
    path: '/me/admin/naming-panels/:panelId',
    name: 'naming-ranking',
    component: naming('reviewRanking'),
    props: true,
  },
  { path: '/me/admin/evaluations', name: 'evaluations-admin', component: naming('evaluationsAdmin') },
  {
    path: '/me/admin/evaluations/:evaluationId',
    name: 'evaluation-admin',
    component: naming('evaluationAdmin'),
    props: true,
  },
  { path: '/me/evaluation', name: 'self-report', component: naming('selfReport') },
  { path: '/me/stats', name: 'stats', component: () => import('../stats/StatsDashboardView.vue') },
  { path: '/me/staff', name: 'staff', component: () => import('../staff/StaffGateTallyView.vue') },
  {
    path: '/me/staff/activities',
    name: 'staff-activities',
    component: () => import('../staff/StaffActivitiesView.vue'),
  },
  { path: '/me/staff/events', name: 'staff-events', component: () => import('../staff/StaffEventsEditorView.vue') },
  {
    path: '/me/staff/experts',
    name: 'staff-experts',
    component: experts('staff'),
  },
  {
    path: '/me/staff/base',
    name: 'staff-base-profile',
    component: baseEdit(() => import('../bases/edit/BaseProfileView.vue')),
  },
  { path: '/me/staff/conflicts', name: 'staff-conflicts', component: () => import('../staff/StaffConflictsView.vue') },
  { path: '/me/squadron', name: 'squadron', component: squadron(() => import('../squadron/SquadronHomeView.vue')) },
  {
    path: '/me/squadron/squadrons',
    name: 'squadron-squadrons',
    component: squadron(() => import('../squadron/SquadronListView.vue')),
  },
  {
    path: '/me/squadron/events',
    name: 'squadron-events',
    component: squadron(() => import('../squadron/SquadronEventsView.vue')),
  },
  {
    path: '/me/squadron/tickets/:id',
    name: 'squadron-ticket',
    component: squadron(() => import('../squadron/SquadronTicketView.vue')),
    props: true,
  },
  {
    path: '/me/squadron/visits',
    name: 'squadron-visits',
    component: squadron(() => import('../squadron/SquadronVisitsView.vue')),
  },
  {
    path: '/me/staff/squadron',
    name: 'staff-squadron',
    component: squadron(() => import('../squadron/SquadronRegistrationsByEventView.vue')),
  },
  {
    path: '/me/staff/squadron/:eventId',
    name: 'staff-squadron-event',
    component: squadron(() => import('../squadron/SquadronRosterView.vue')),
    props: true,
  },
  {
    path: '/me/staff/squadron/:eventId/checkin',
    name: 'staff-squadron-checkin',
    component: squadron(() => import('../squadron/SquadronCheckinView.vue')),
    props: true,
  },
  { path: '/me/downloads', name: 'downloads', component: () => import('../me/MeDownloadsView.vue') },
  { path: '/me/settings', name: 'settings', component: () => import('../me/MeSettingsView.vue') },
  { path: '/me/password', name: 'password', component: () => import('../me/MePasswordView.vue') },
  // The one-time admin setup link printed on first start: /setup#token=… (also under 我的, where
  // people look for it; the token stays in the fragment either way, out of logs and Referer).
  { path: '/setup', alias: '/me/setup', name: 'setup', component: () => import('../me/MeSetupView.vue') },
  // An invited expert's one-time link (server: services/expert-admin-service.ts): /expert-invite#token=…
  {
    path: '/expert-invite',
    name: 'expert-invite',
    component: experts('invite'),
  },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./NotFoundView.vue') },
]

export function createAppRouter(history: RouterHistory = createWebHistory()) {
  const router = createRouter({
    history,
    routes,
    scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  })
  // 我的's strings load beside the screen's own chunk (started here, awaited before it renders).
  router.beforeEach((to) => {
    if (needsWorkspaceMessages(to.path)) void loadWorkspaceMessages().catch(() => undefined)
  })
  router.beforeResolve(async (to) => {
    if (needsWorkspaceMessages(to.path)) await loadWorkspaceMessages()
  })
  return router
}
