import { z } from 'zod'
import { multiLineText, singleLineText } from './common.ts'

/*
 * Expert review panels (server/services/review-panels.ts): a panel of expert accounts scores the
 * items of one stage of some workflow (contest entries, base applications …) on weighted
 * criteria. The engine knows items only as `kind` + `id`; each workflow shows them its own way.
 */

/** A criterion's id: lower-case words joined by hyphens (`accuracy`, `time-control`). */
export const criterionId = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lower-case letters, digits and hyphens')
const label = z.object({ zh: singleLineText(60).min(1), en: singleLineText(120).min(1) })

export const reviewCriterion = z.object({
  id: criterionId.max(40),
  label,
  /** Its share of the total, relative to the other criteria's weights (they need not add up to 100). */
  weight: z.number().positive().max(100),
  /** The highest score a reviewer may give on it. @default 10 */
  maxScore: z.number().int().min(1).max(100).default(10),
})
export type ReviewCriterion = z.infer<typeof reviewCriterion>

/**
 * How two items with the same score are told apart, tried in order; when every rule leaves them
 * equal they share the place (1, 2, 2, 4). `criterion`: the higher mean on that criterion;
 * `median`: the higher median of the reviewers' totals; `lowest`: the higher lowest total (the
 * item no reviewer marked down as far).
 */
export const tieBreaker = z.discriminatedUnion('by', [
  z.object({ by: z.literal('criterion'), criterion: criterionId.max(40) }),
  z.object({ by: z.literal('median') }),
  z.object({ by: z.literal('lowest') }),
])
export type TieBreaker = z.infer<typeof tieBreaker>

/** What a panel scores with: set by the workflow when the panel is made (a contest's configuration). */
export const reviewSettings = z
  .object({
    criteria: z.array(reviewCriterion).min(1).max(20),
    tieBreakers: z.array(tieBreaker).max(10).default([]),
    /** Points (of 100) a reviewer's total may lie from the item's median before it is flagged. @default 20 */
    outlierPoints: z.number().min(1).max(100).default(20),
  })
  .superRefine((s, ctx) => {
    const ids = s.criteria.map((c) => c.id)
    if (new Set(ids).size !== ids.length)
      ctx.addIssue({ code: 'custom', path: ['criteria'], message: 'criterion ids must be unique' })
    s.tieBreakers.forEach((t, i) => {
      if (t.by === 'criterion' && !ids.includes(t.criterion))
        ctx.addIssue({ code: 'custom', path: ['tieBreakers', i], message: `no criterion "${t.criterion}"` })
    })
  })
export type ReviewSettings = z.infer<typeof reviewSettings>

/** `none`: ranked by the mean of the reviewers' totals. `z-score`: each reviewer's totals are first put on a common scale. */
export const REVIEW_NORMALISATIONS = ['none', 'z-score'] as const
export const reviewNormalisation = z.enum(REVIEW_NORMALISATIONS)
export type ReviewNormalisation = z.infer<typeof reviewNormalisation>

export const criterionScore = z.object({
  criterion: criterionId.max(40),
  score: z.number().min(0).max(100),
  comment: multiLineText(2000).default(''),
})
export type CriterionScore = z.infer<typeof criterionScore>

/** A reviewer's sheet for one item: every criterion, saved as a draft or submitted. */
export const scoreSheetBody = z
  .object({
    scores: z.array(criterionScore).min(1).max(20),
    /** True hands the sheet in; until every reviewer of the item has, it can still be changed. @default false */
    submit: z.boolean().default(false),
  })
  .strict()
export type ScoreSheetBody = z.infer<typeof scoreSheetBody>

export const ASSIGNMENT_STATUSES = ['assigned', 'draft', 'submitted'] as const
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number]

/** Why a reviewer does not score an item: the same organisation as the item's, or declared. */
export const CONFLICT_REASONS = ['same-organisation', 'declared'] as const
export type ConflictReason = (typeof CONFLICT_REASONS)[number]

export const reviewConflict = z.object({
  reviewerAccountId: z.string(),
  reviewerName: z.string(),
  itemKind: z.string(),
  itemId: z.string(),
  reason: z.enum(CONFLICT_REASONS),
  note: z.string(),
  recordedAt: z.string(),
})
export type ReviewConflict = z.infer<typeof reviewConflict>

export const scoreSheet = z.object({
  reviewerAccountId: z.string(),
  reviewerName: z.string(),
  status: z.enum(ASSIGNMENT_STATUSES),
  scores: z.array(criterionScore.extend({ comment: z.string() })),
  /** Weighted total on a 0–100 scale; null until every criterion has a score. */
  total: z.number().nullable(),
  submittedAt: z.string().nullable(),
  /** The total lies more than the panel's outlier points from the item's median. */
  outlier: z.boolean(),
})
export type ScoreSheet = z.infer<typeof scoreSheet>

export const rankedItem = z.object({
  itemKind: z.string(),
  itemId: z.string(),
  /** Competition ranking (1, 2, 2, 4) among complete items; null while a reviewer has not submitted. */
  rank: z.number().int().positive().nullable(),
  complete: z.boolean(),
  assigned: z.number().int(),
  submitted: z.number().int(),
  /** Mean of the submitted totals (0–100). */
  mean: z.number().nullable(),
  median: z.number().nullable(),
  /** With z-score normalisation: the mean of the reviewers' z-scores, put back on the panel's scale. */
  normalised: z.number().nullable(),
  /** What the ranking used: `normalised` or `mean`. */
  score: z.number().nullable(),
  /** How a tie with a neighbour was settled: the rule's label, `shared` when no rule did, null with no tie. */
  tie: z.string().nullable(),
  sheets: z.array(scoreSheet),
  conflicts: z.array(reviewConflict),
})
export type RankedItem = z.infer<typeof rankedItem>

export const reviewerSummary = z.object({
  accountId: z.string(),
  name: z.string(),
  submitted: z.number().int(),
  assigned: z.number().int(),
  /** Mean and standard deviation of this reviewer's submitted totals: what z-scores divide by. */
  mean: z.number().nullable(),
  sd: z.number().nullable(),
  outliers: z.number().int(),
})
export type ReviewerSummary = z.infer<typeof reviewerSummary>

export const reviewPanel = z.object({
  id: z.string(),
  subjectKind: z.string(),
  subjectId: z.string(),
  stage: z.string(),
  round: z.number().int().positive(),
  status: z.enum(['open', 'closed']),
  settings: z.object({
    criteria: z.array(reviewCriterion),
    tieBreakers: z.array(tieBreaker),
    outlierPoints: z.number(),
  }),
  members: z.array(z.object({ accountId: z.string(), name: z.string() })),
  createdAt: z.string(),
})
export type ReviewPanel = z.infer<typeof reviewPanel>

export const panelRanking = z.object({
  panel: reviewPanel,
  normalisation: reviewNormalisation,
  items: z.array(rankedItem),
  reviewers: z.array(reviewerSummary),
  /** The tie rules in words, as the ranking applied them. */
  tieRules: z.object({ zh: z.string(), en: z.string() }),
})
export type PanelRanking = z.infer<typeof panelRanking>
