import type { ReviewCriterion, ReviewNormalisation, TieBreaker } from '../schemas/review.ts'

/*
 * The arithmetic of an expert panel, without a database: a sheet's weighted total, per-reviewer
 * z-scores, outliers, and the ranking with its tie rules. server/services/review-panels.ts feeds it
 * the stored sheets.
 */

/** One reviewer's scores for one item, by criterion id. */
export interface SheetScores {
  reviewerId: string
  scores: Readonly<Record<string, number>>
}

export interface ItemSheets {
  key: string
  /** Every assigned reviewer has submitted. */
  complete: boolean
  /** Submitted sheets only. */
  sheets: readonly SheetScores[]
}

export interface RankingRules {
  criteria: readonly ReviewCriterion[]
  tieBreakers: readonly TieBreaker[]
  outlierPoints: number
  normalisation: ReviewNormalisation
}

export interface RankedResult {
  key: string
  rank: number | null
  mean: number | null
  median: number | null
  normalised: number | null
  score: number | null
  tie: string | null
  /** Totals by reviewer id. */
  totals: Map<string, number>
  /** Reviewers whose total lies more than `outlierPoints` from the item's median. */
  outliers: Set<string>
}

export interface ReviewerStats {
  mean: number | null
  sd: number | null
}

const round = (n: number) => Math.round(n * 1000) / 1000
/** Scores closer than this are equal: sums of decimals must not decide a place. */
const EPSILON = 1e-6

/** The weighted total on a 0–100 scale: each score as a share of its criterion's maximum, weighted. Null when a criterion has no score. */
export function weightedTotal(
  criteria: readonly ReviewCriterion[],
  scores: Readonly<Record<string, number>>,
): number | null {
  let sum = 0
  let weights = 0
  for (const c of criteria) {
    const score = scores[c.id]
    if (score === undefined) return null
    sum += (score / c.maxScore) * c.weight
    weights += c.weight
  }
  return weights > 0 ? round((sum / weights) * 100) : null
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

const mean = (values: readonly number[]) =>
  values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length

/** Population standard deviation; null for fewer than two values. */
function sd(values: readonly number[]): number | null {
  const m = mean(values)
  if (m === null || values.length < 2) return null
  return Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / values.length)
}

/**
 * Mean and spread of each reviewer's submitted totals across the panel. A reviewer's z-score for
 * an item is (total − mean) / sd; one with a single sheet, or who gave every item the same total,
 * has no spread, and their z-scores count as 0 (they say nothing about the order).
 */
export function reviewerStats(totalsByReviewer: ReadonlyMap<string, readonly number[]>): Map<string, ReviewerStats> {
  const stats = new Map<string, ReviewerStats>()
  for (const [reviewer, totals] of totalsByReviewer) stats.set(reviewer, { mean: mean(totals), sd: sd(totals) })
  return stats
}

/** The label of a tie rule, for the ranking and the rules text. */
export function tieBreakerLabel(rule: TieBreaker, criteria: readonly ReviewCriterion[]): { zh: string; en: string } {
  switch (rule.by) {
    case 'criterion': {
      const c = criteria.find((x) => x.id === rule.criterion)
      return {
        zh: `「${c?.label.zh ?? rule.criterion}」得分高者在前`,
        en: `higher mean on "${c?.label.en ?? rule.criterion}"`,
      }
    }
    case 'median':
      return { zh: '评委总分中位数高者在前', en: "higher median of the reviewers' totals" }
    case 'lowest':
      return { zh: '最低总分高者在前', en: 'higher lowest total' }
  }
}

/** The tie rules as a sentence in each language. */
export function describeTieRules(
  tieBreakers: readonly TieBreaker[],
  criteria: readonly ReviewCriterion[],
): { zh: string; en: string } {
  const labels = tieBreakers.map((t) => tieBreakerLabel(t, criteria))
  return labels.length === 0
    ? { zh: '总分相同者并列。', en: 'Equal scores share the place.' }
    : {
        zh: `总分相同时依次比较：${labels.map((l) => l.zh).join('；')}；仍相同者并列。`,
        en: `Equal scores are separated by, in order: ${labels.map((l) => l.en).join('; ')}; items still equal share the place.`,
      }
}

function tieValue(
  rule: TieBreaker,
  sheets: readonly SheetScores[],
  totals: readonly number[],
  criteria: readonly ReviewCriterion[],
) {
  switch (rule.by) {
    case 'criterion': {
      const max = criteria.find((c) => c.id === rule.criterion)?.maxScore ?? 1
      return mean(sheets.map((s) => (s.scores[rule.criterion] ?? 0) / max)) ?? 0
    }
    case 'median':
      return median(totals) ?? 0
    case 'lowest':
      return totals.length ? Math.min(...totals) : 0
  }
}

/**
 * Ranks the items: complete ones by score (the mean total, or the normalised one), ties settled
 * by the tie breakers in order, then shared; incomplete ones after them, unranked.
 */
export function rankItems(
  items: readonly ItemSheets[],
  rules: RankingRules,
): { items: RankedResult[]; reviewers: Map<string, ReviewerStats> } {
  const totalsOf = new Map<string, Map<string, number>>()
  const byReviewer = new Map<string, number[]>()
  for (const item of items) {
    const totals = new Map<string, number>()
    for (const sheet of item.sheets) {
      const total = weightedTotal(rules.criteria, sheet.scores)
      if (total === null) continue
      totals.set(sheet.reviewerId, total)
      byReviewer.set(sheet.reviewerId, [...(byReviewer.get(sheet.reviewerId) ?? []), total])
    }
    totalsOf.set(item.key, totals)
  }
  const stats = reviewerStats(byReviewer)
  const all = [...byReviewer.values()].flat()
  const grandMean = mean(all) ?? 0
  const grandSd = sd(all) ?? 0

  const results = items.map((item): RankedResult & { complete: boolean; sheets: readonly SheetScores[] } => {
    const totals = totalsOf.get(item.key)!
    const values = [...totals.values()]
    const m = mean(values)
    const med = median(values)
    let normalised: number | null = null
    if (rules.normalisation === 'z-score' && values.length > 0) {
      const z = [...totals].map(([reviewer, total]) => {
        const s = stats.get(reviewer)!
        return s.sd && s.mean !== null ? (total - s.mean) / s.sd : 0
      })
      normalised = round(grandMean + (mean(z) ?? 0) * grandSd)
    }
    const outliers = new Set<string>()
    // With two sheets both lie equally far from their median: an outlier needs a majority to stand out from.
    if (med !== null && values.length >= 3)
      for (const [reviewer, total] of totals) if (Math.abs(total - med) > rules.outlierPoints) outliers.add(reviewer)
    return {
      key: item.key,
      complete: item.complete && values.length > 0,
      sheets: item.sheets,
      rank: null,
      mean: m === null ? null : round(m),
      median: med === null ? null : round(med),
      normalised,
      score: rules.normalisation === 'z-score' ? normalised : m === null ? null : round(m),
      tie: null,
      totals,
      outliers,
    }
  })

  const complete = results.filter((r) => r.complete)
  const tieKeys = (r: (typeof results)[number]) =>
    rules.tieBreakers.map((t) => tieValue(t, r.sheets, [...r.totals.values()], rules.criteria))
  const keys = new Map(complete.map((r) => [r.key, tieKeys(r)]))
  const compare = (a: (typeof results)[number], b: (typeof results)[number]) => {
    const d = (b.score ?? 0) - (a.score ?? 0)
    if (Math.abs(d) > EPSILON) return d
    const ka = keys.get(a.key)!
    const kb = keys.get(b.key)!
    for (let i = 0; i < ka.length; i++) {
      const e = kb[i]! - ka[i]!
      if (Math.abs(e) > EPSILON) return e
    }
    return 0
  }
  complete.sort((a, b) => compare(a, b) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  complete.forEach((r, i) => {
    const previous = complete[i - 1]
    r.rank = previous && compare(previous, r) === 0 ? previous.rank : i + 1
  })
  // Say how each tie with a neighbour was settled: by the first rule that told them apart, or shared.
  for (let i = 0; i < complete.length; i++) {
    const r = complete[i]!
    for (const other of [complete[i - 1], complete[i + 1]]) {
      if (!other || Math.abs((other.score ?? 0) - (r.score ?? 0)) > EPSILON) continue
      if (compare(other, r) === 0) {
        r.tie = 'shared'
        break
      }
      const ka = keys.get(r.key)!
      const kb = keys.get(other.key)!
      const decisive = ka.findIndex((v, j) => Math.abs(v - kb[j]!) > EPSILON)
      r.tie ??= tieBreakerLabel(rules.tieBreakers[decisive]!, rules.criteria).en
    }
  }
  const incomplete = results.filter((r) => !r.complete).sort((a, b) => (b.score ?? -1) - (a.score ?? -1))
  return {
    items: [...complete, ...incomplete].map(({ complete: _c, sheets: _s, ...r }) => r),
    reviewers: stats,
  }
}
