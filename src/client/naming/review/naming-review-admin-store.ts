import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { z } from 'zod'
import type {
  AdminExpert,
  namingPanelResponse,
  namingRankingResponse,
  ReviewNormalisation,
  ReviewPanel,
} from '../../../shared/index.ts'
import { evaluationAdminApi, reviewAdminApi } from './naming-review-api.ts'

export type NamingRankingView = z.infer<typeof namingRankingResponse>
export type CreatedNamingPanel = z.infer<typeof namingPanelResponse>
/** Whose panels: a call's (applications) or an evaluation's (self-reports). */
export type PanelSubject = { kind: 'call' | 'evaluation'; id: string }

/**
 * The admin's side of review: the experts who may sit on a panel, a call's or an evaluation's
 * panels, forming one, a panel's ranking and a second round. Online only, nothing kept.
 */
export const useNamingReviewAdminStore = defineStore('naming-review-admin', () => {
  const experts = ref<AdminExpert[]>([])
  /** Experts with an account: only they can sign in and score. */
  const reviewers = computed(() => experts.value.filter((e) => e.accountId !== null))
  const panels = ref<ReviewPanel[]>([])

  async function loadExperts(): Promise<void> {
    experts.value = (await reviewAdminApi.experts()).experts
  }
  async function loadPanels(subject: PanelSubject): Promise<void> {
    panels.value = (
      subject.kind === 'call'
        ? await reviewAdminApi.callPanels(subject.id)
        : await evaluationAdminApi.panels(subject.id)
    ).panels
  }
  async function createPanel(subject: PanelSubject, expertIds: string[]): Promise<CreatedNamingPanel> {
    const created =
      subject.kind === 'call'
        ? await reviewAdminApi.createCallPanel(subject.id, expertIds)
        : await evaluationAdminApi.createPanel(subject.id, expertIds)
    await loadPanels(subject)
    return created
  }
  const ranking = (panelId: string, normalise: ReviewNormalisation) => reviewAdminApi.ranking(panelId, normalise)
  const nextRound = (panelId: string, itemIds: string[]) => reviewAdminApi.nextRound(panelId, itemIds)

  return { experts, reviewers, panels, loadExperts, loadPanels, createPanel, ranking, nextRound }
})
