import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { JudgeEntry, ScoreSheet, ScoreSheetBody } from '../../../shared/index.ts'
import type { z } from 'zod'
import type { judgePanel, judgePanelsResponse } from '../../../shared/index.ts'
import { judgingApi } from './contests-review-api.ts'

export type JudgePanelView = z.infer<typeof judgePanel>
export type JudgePanelSummary = z.infer<typeof judgePanelsResponse>['panels'][number]

/**
 * A judge's panels and the entries assigned to them. Nothing is kept on the phone: scores are
 * final on the server, and another judge's submission changes what this one may see.
 */
export const useJudgingStore = defineStore('contest-judging', () => {
  const panels = ref<JudgePanelSummary[] | null>(null)
  const panel = ref<JudgePanelView | null>(null)

  async function loadPanels(): Promise<void> {
    panels.value = (await judgingApi.panels()).panels
  }
  async function loadPanel(id: string): Promise<JudgePanelView> {
    panel.value = (await judgingApi.panel(id)).panel
    return panel.value
  }
  function entryOf(entryId: string): JudgeEntry | null {
    return panel.value?.entries.find((e) => e.id === entryId) ?? null
  }
  /** Saves or submits a sheet, then reloads the panel (a last submission reveals the others' sheets). */
  async function score(panelId: string, entryId: string, body: ScoreSheetBody): Promise<ScoreSheet> {
    const { sheet } = await judgingApi.score(panelId, entryId, body)
    await loadPanel(panelId)
    return sheet
  }
  async function declareConflict(panelId: string, entryId: string, note: string): Promise<void> {
    await judgingApi.declareConflict(panelId, entryId, note)
    await loadPanel(panelId)
  }

  return { panels, panel, loadPanels, loadPanel, entryOf, score, declareConflict }
})
