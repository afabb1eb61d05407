import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { z } from 'zod'
import type {
  reviewerPanelResponse,
  reviewerPanelsResponse,
  ScoreSheet,
  ScoreSheetBody,
} from '../../../shared/index.ts'
import { reviewerApi } from './naming-review-api.ts'

export type ReviewerPanelView = z.infer<typeof reviewerPanelResponse>
export type ReviewerPanelSummary = z.infer<typeof reviewerPanelsResponse>['panels'][number]
export type ReviewerItem = ReviewerPanelView['items'][number]

/**
 * A reviewer's panels (applications and self-reports) and the items assigned to them. Nothing is
 * kept on the phone: sheets live on the server, and another reviewer's submission changes what
 * this one may see.
 */
export const useNamingReviewStore = defineStore('naming-review', () => {
  const panels = ref<ReviewerPanelSummary[] | null>(null)
  const panel = ref<ReviewerPanelView | null>(null)

  async function loadPanels(): Promise<void> {
    panels.value = (await reviewerApi.panels()).panels
  }
  async function loadPanel(id: string): Promise<ReviewerPanelView> {
    panel.value = await reviewerApi.panel(id)
    return panel.value
  }
  function itemOf(itemId: string): ReviewerItem | null {
    return panel.value?.items.find((i) => i.id === itemId) ?? null
  }
  /** Saves or submits a sheet, then reloads the panel (a last submission reveals the others' sheets). */
  async function score(panelId: string, itemId: string, body: ScoreSheetBody): Promise<ScoreSheet> {
    const { sheet } = await reviewerApi.score(panelId, itemId, body)
    await loadPanel(panelId)
    return sheet
  }
  async function declareConflict(panelId: string, itemId: string, note: string): Promise<void> {
    await reviewerApi.declareConflict(panelId, itemId, note)
    await loadPanel(panelId)
  }

  return { panels, panel, loadPanels, loadPanel, itemOf, score, declareConflict }
})
