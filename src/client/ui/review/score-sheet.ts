import { weightedTotal } from '../../../shared/domain/review-ranking.ts'
import type { CriterionScore, ReviewCriterion, ScoreSheetBody } from '../../../shared/index.ts'

/*
 * A judge's sheet being filled in: a score (or none yet) and a comment per criterion. The checks
 * are the server's (services/review-panels.ts): a score lies between 0 and the criterion's
 * maximum, and a sheet is handed in only with every criterion scored. The total is the panel's own
 * arithmetic (shared/domain/review-ranking.ts), so what the judge sees is what the ranking uses.
 */

export interface SheetDraftRow {
  criterion: string
  score: number | null
  comment: string
}

/** A row per criterion, filled from what the judge saved before. */
export function draftOf(criteria: readonly ReviewCriterion[], saved: readonly CriterionScore[]): SheetDraftRow[] {
  return criteria.map((c) => {
    const own = saved.find((s) => s.criterion === c.id)
    return { criterion: c.id, score: own?.score ?? null, comment: own?.comment ?? '' }
  })
}

/** `missing`: no score yet; `range`: outside 0 to the criterion's maximum. By criterion id. */
export type SheetProblem = 'missing' | 'range'

export function sheetProblems(
  criteria: readonly ReviewCriterion[],
  rows: readonly SheetDraftRow[],
  submit: boolean,
): Record<string, SheetProblem> {
  const problems: Record<string, SheetProblem> = {}
  for (const c of criteria) {
    const row = rows.find((r) => r.criterion === c.id)
    const score = row?.score ?? null
    if (score === null || Number.isNaN(score)) {
      if (submit) problems[c.id] = 'missing'
    } else if (score < 0 || score > c.maxScore) problems[c.id] = 'range'
  }
  return problems
}

/** The weighted total on 0–100, or null until every criterion has a score in range. */
export function sheetTotal(criteria: readonly ReviewCriterion[], rows: readonly SheetDraftRow[]): number | null {
  if (Object.keys(sheetProblems(criteria, rows, true)).length > 0) return null
  return weightedTotal(criteria, Object.fromEntries(rows.map((r) => [r.criterion, r.score!])))
}

/** The body to send: only scored rows (a draft may leave some out). */
export function sheetBody(rows: readonly SheetDraftRow[], submit: boolean): ScoreSheetBody {
  return {
    scores: rows
      .filter((r) => r.score !== null)
      .map((r) => ({ criterion: r.criterion, score: r.score!, comment: r.comment })),
    submit,
  }
}
