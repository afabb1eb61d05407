import { z } from 'zod'
import { apiError, contentId, multiLineText, singleLineText } from './common.ts'
import { videoInfo } from './media.ts'
import { workCreditRole } from './work.ts'
import { panelRanking, reviewConflict, reviewCriterion, reviewPanel, scoreSheet, tieBreaker } from './review.ts'

/*
 * 科普讲解大赛 and 微视频大赛 (server/services/contest-*.ts). A contest is configuration an admin
 * writes, not code: its kind, stages with dates, the videos an entry carries and the rules each
 * must meet, nomination quotas, criteria, awards and what the public vote counts for. Entries are
 * made by the nominating organisation's account (a school's or a base's), judged by expert panels
 * (schemas/review.ts), voted on by the public, and the winners become works.
 */

/** `explanation`: 科普讲解大赛 (a speaker's talk on video); `micro-video`: 微视频大赛 (a short film). */
export const CONTEST_KINDS = ['explanation', 'micro-video'] as const
export const contestKind = z.enum(CONTEST_KINDS)
export type ContestKind = z.infer<typeof contestKind>

/** The stages in the order they run; a contest lists those it has, each with its dates. */
export const CONTEST_STAGES = ['entry', 'nomination-check', 'preliminary', 'public-vote', 'final', 'results'] as const
export const contestStage = z.enum(CONTEST_STAGES)
export type ContestStage = z.infer<typeof contestStage>
/** The stages judged by an expert panel. */
export const JUDGED_STAGES = ['preliminary', 'final'] as const
export const judgedStage = z.enum(JUDGED_STAGES)
export type JudgedStage = z.infer<typeof judgedStage>

const text2 = (max: number) => z.object({ zh: singleLineText(max).min(1), en: singleLineText(max * 2).min(1) })
const slotId = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lower-case letters, digits and hyphens')
  .max(30)

/** A stage's days in Asia/Shanghai, both included: the stage ends when its last day does (24:00 Beijing time). */
export const stageWindow = z
  .object({ stage: contestStage, starts: z.iso.date(), ends: z.iso.date() })
  .refine((s) => s.ends >= s.starts, { message: 'ends before it starts', path: ['ends'] })
export type StageWindow = z.infer<typeof stageWindow>

const MB = 1024 * 1024

/**
 * What one video of an entry must be, checked on the file's content (media/inspect.ts reads it):
 * duration, size, container and codecs (RFC 6381 prefixes: `avc1` is H.264, `mp4a.40` AAC),
 * the picture's shorter side (1080 = 1080p, upright or sideways) and its aspect ratio.
 */
export const videoRule = z
  .object({
    slot: slotId,
    label: text2(40),
    minDurationS: z.number().min(0).max(7200),
    maxDurationS: z.number().positive().max(7200),
    minBytes: z.number().int().min(0).default(0),
    /** At most the upload limit of `contest-video` (400 MB). */
    maxBytes: z
      .number()
      .int()
      .positive()
      .max(400 * MB),
    containers: z
      .array(z.enum(['mp4', 'quicktime']))
      .min(1)
      .default(['mp4']),
    videoCodecs: z
      .array(z.string().regex(/^[a-z0-9.]{4,20}$/))
      .min(1)
      .default(['avc1', 'avc3']),
    /** Empty: a silent video is accepted. */
    audioCodecs: z.array(z.string().regex(/^[a-z0-9.]{4,20}$/)).default(['mp4a.40']),
    /** The shorter side of the picture in pixels, at least. @default 0 */
    minShortSidePx: z.number().int().min(0).max(4320).default(0),
    /** Accepted ratios, as media/inspect.ts names them (`16:9`, `9:16`); empty: any. */
    aspectRatios: z
      .array(z.string().regex(/^\d{1,3}:\d{1,3}$/))
      .max(8)
      .default([]),
    /** Whether this video goes into the works library when the entry wins (not a self-introduction). @default true */
    publishAsWork: z.boolean().default(true),
  })
  .refine((v) => v.maxDurationS >= v.minDurationS, {
    message: 'maxDurationS below minDurationS',
    path: ['maxDurationS'],
  })
  .refine((v) => v.maxBytes >= v.minBytes, { message: 'maxBytes below minBytes', path: ['maxBytes'] })
export type VideoRule = z.infer<typeof videoRule>

/** An organisation's key: `base:<base id>` or `school:<account id>` (see organisationOf in the entry service). */
export const organisationKey = z.string().regex(/^(base:[a-z0-9-]{1,80}|school:[0-9a-f-]{36})$/)

export const contestQuotas = z.object({
  /** Entries each organisation may have (withdrawn ones do not count). */
  perOrganisation: z.number().int().min(0).max(1000),
  /** Exceptions by organisation key. */
  byOrganisation: z.record(organisationKey, z.number().int().min(0).max(1000)).default({}),
})
export type ContestQuotas = z.infer<typeof contestQuotas>

export const award = z.object({
  id: slotId,
  label: text2(40),
  /** `prize`: a level (一等奖 …); `special`: 最佳口才, 最佳人气 …; `honourable`: 优秀奖. */
  kind: z.enum(['prize', 'special', 'honourable']),
  count: z.number().int().min(1).max(500),
})
export type Award = z.infer<typeof award>

/** Limits on public voting, per Asia/Shanghai day, and what the anomaly flags look for. */
export const voteLimits = z.object({
  /** Votes one address may cast for one entry a day (a school's Wi-Fi is one address). @default 30 */
  perAddressPerEntryPerDay: z.number().int().min(1).max(10_000).default(30),
  /** Votes one address may cast in the contest a day. @default 300 */
  perAddressPerDay: z.number().int().min(1).max(100_000).default(300),
  /** A burst: this many votes for one entry from one address within `burstMinutes`. @default 10 */
  burstVotes: z.number().int().min(2).max(10_000).default(10),
  burstMinutes: z.number().int().min(1).max(1440).default(10),
  /** A new device: its token was issued less than this long before its first vote. @default 30 */
  newDeviceMinutes: z.number().int().min(1).max(1440).default(30),
  /** New devices voting for one entry only, on one day, at least this many: flagged. @default 10 */
  newDeviceCluster: z.number().int().min(2).max(100_000).default(10),
})
export type VoteLimits = z.infer<typeof voteLimits>

/** What the public vote counts for: nothing, one special award (最佳人气), or a share of the final score. */
export const contestVote = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('none') }),
  z.object({ mode: z.literal('popularity-award'), awardId: slotId, limits: voteLimits.default(voteLimits.parse({})) }),
  z.object({
    mode: z.literal('score-share'),
    /** The vote's share of the final score; the judges' score has the rest. */
    sharePercent: z.number().int().min(1).max(50),
    limits: voteLimits.default(voteLimits.parse({})),
  }),
])
export type ContestVote = z.infer<typeof contestVote>

export const contestConfig = z
  .object({
    kind: contestKind,
    title: text2(80),
    description: z.object({ zh: multiLineText(5000), en: multiLineText(10_000) }).default({ zh: '', en: '' }),
    year: z.number().int().min(2000).max(2100),
    /** The theme day the contest is held for (content/theme-days.yaml). */
    themeDayId: contentId.nullable().default(null),
    stages: z.array(stageWindow).min(2).max(CONTEST_STAGES.length),
    /** Topics an entry chooses from (the 2015 final drew from 18); empty: entrants name their own. */
    themes: z.array(singleLineText(40).min(1)).max(60).default([]),
    videos: z.array(videoRule).min(1).max(4),
    /** Every video needs WebVTT captions before the entry can be submitted. @default true */
    captionsRequired: z.boolean().default(true),
    quotas: contestQuotas,
    criteria: z.array(reviewCriterion).min(1).max(20),
    tieBreakers: z.array(tieBreaker).max(10).default([]),
    outlierPoints: z.number().min(1).max(100).default(20),
    /** Judges see neither the entrant nor the organisation. @default true */
    blindReview: z.boolean().default(true),
    awards: z.array(award).min(1).max(30),
    vote: contestVote,
    /** The most non-original material an entry may hold, in percent; AI-generated material counts as non-original. @default 10 */
    maxNonOriginalPercent: z.number().int().min(0).max(100).default(10),
    /** The licence winners are published under in the works library. */
    licence: singleLineText(120).min(1).default('CC BY-NC-ND 4.0'),
  })
  .superRefine((c, ctx) => {
    const stages = c.stages.map((s) => s.stage)
    if (new Set(stages).size !== stages.length)
      ctx.addIssue({ code: 'custom', path: ['stages'], message: 'a stage is listed twice' })
    for (const needed of ['entry', 'results'] as const)
      if (!stages.includes(needed))
        ctx.addIssue({ code: 'custom', path: ['stages'], message: `the "${needed}" stage is required` })
    const order = [...c.stages].sort((a, b) => CONTEST_STAGES.indexOf(a.stage) - CONTEST_STAGES.indexOf(b.stage))
    order.forEach((s, i) => {
      const previous = order[i - 1]
      if (previous && s.starts < previous.starts)
        ctx.addIssue({
          code: 'custom',
          path: ['stages'],
          message: `"${s.stage}" starts before "${previous.stage}": stages run in the order ${CONTEST_STAGES.join(', ')}`,
        })
    })
    const entry = c.stages.find((s) => s.stage === 'entry')
    for (const later of c.stages)
      if (entry && later.stage !== 'entry' && later.starts <= entry.ends)
        ctx.addIssue({ code: 'custom', path: ['stages'], message: `"${later.stage}" starts before entries close` })
    if (c.vote.mode !== 'none' && !stages.includes('public-vote'))
      ctx.addIssue({ code: 'custom', path: ['stages'], message: 'a public vote needs a "public-vote" stage' })
    const slots = c.videos.map((v) => v.slot)
    if (new Set(slots).size !== slots.length)
      ctx.addIssue({ code: 'custom', path: ['videos'], message: 'video slots must be unique' })
    const criteria = c.criteria.map((x) => x.id)
    if (new Set(criteria).size !== criteria.length)
      ctx.addIssue({ code: 'custom', path: ['criteria'], message: 'criterion ids must be unique' })
    c.tieBreakers.forEach((t, i) => {
      if (t.by === 'criterion' && !criteria.includes(t.criterion))
        ctx.addIssue({ code: 'custom', path: ['tieBreakers', i], message: `no criterion "${t.criterion}"` })
    })
    const awards = c.awards.map((a) => a.id)
    if (new Set(awards).size !== awards.length)
      ctx.addIssue({ code: 'custom', path: ['awards'], message: 'award ids must be unique' })
    if (c.vote.mode === 'popularity-award' && !c.awards.some((a) => a.id === (c.vote as { awardId: string }).awardId))
      ctx.addIssue({ code: 'custom', path: ['vote', 'awardId'], message: 'no such award' })
  })
export type ContestConfig = z.infer<typeof contestConfig>
export type ContestConfigInput = z.input<typeof contestConfig>

/** POST /api/admin/contests and PUT /api/admin/contests/:id. A draft (`published: false`) is seen by admins only. */
export const contestBody = z.object({ config: contestConfig, published: z.boolean().default(false) }).strict()
export type ContestBody = z.infer<typeof contestBody>

const themeDayRef = z.object({ id: z.string(), name: z.object({ zh: z.string(), en: z.string() }) })

/** A contest in the public list: what it is and when each stage runs. */
export const contestSummary = z.object({
  id: z.string(),
  kind: contestKind,
  title: z.object({ zh: z.string(), en: z.string() }),
  year: z.number().int(),
  themeDay: themeDayRef.nullable(),
  stages: z.array(stageWindow),
  /** The stage running today (Asia/Shanghai); null between stages or before the first. */
  currentStage: contestStage.nullable(),
  resultsPublished: z.boolean(),
})
export type ContestSummary = z.infer<typeof contestSummary>
export const contestsResponse = z.object({ contests: z.array(contestSummary) })

/** A video as the public, judges and entrants see it: where to play it and what it is. */
export const entryVideo = z.object({
  slot: z.string(),
  mediaId: z.string(),
  url: z.string(),
  bytes: z.number().int(),
  video: videoInfo,
  /** Where its WebVTT captions are served; null without captions. */
  captionsUrl: z.string().nullable(),
})
export type EntryVideo = z.infer<typeof entryVideo>

/** An entry shown to the public (during the vote, and among the results). */
export const publicEntry = z.object({
  id: z.string(),
  title: z.string(),
  theme: z.string(),
  description: z.string(),
  entrantNames: z.array(z.string()),
  organisationName: z.string(),
  videos: z.array(entryVideo),
})
export type PublicEntry = z.infer<typeof publicEntry>

export const contestResults = z.object({
  publishedAt: z.string(),
  awards: z.array(
    z.object({
      award,
      entries: z.array(publicEntry.extend({ workId: z.string().nullable() })),
    }),
  ),
})
export type ContestResults = z.infer<typeof contestResults>

/** GET /api/contests/:id: the rules, the shortlist while the public vote runs, and the results once published. */
export const contestDetail = contestSummary.extend({
  description: z.object({ zh: z.string(), en: z.string() }),
  rules: z.object({
    themes: z.array(z.string()),
    videos: z.array(videoRule),
    captionsRequired: z.boolean(),
    quotas: contestQuotas,
    criteria: z.array(reviewCriterion),
    awards: z.array(award),
    vote: contestVote,
    blindReview: z.boolean(),
    maxNonOriginalPercent: z.number(),
    licence: z.string(),
    /** The rules in words: files, deadline, ties, and what the public vote can and cannot guarantee. */
    text: z.object({ zh: z.string(), en: z.string() }),
  }),
  /** Entries the public may watch and vote for: only while the vote stage runs. */
  shortlist: z.array(publicEntry),
  results: contestResults.nullable(),
})
export type ContestDetail = z.infer<typeof contestDetail>
export const contestResponse = z.object({ contest: contestDetail })

// ——— Entries ————————————————————————————————————————————————————————————————

/** 原创声明: how much of the entry is not the entrant's own; AI-generated material counts as non-original. */
export const originalityDeclaration = z
  .object({
    nonOriginalPercent: z.number().int().min(0).max(100),
    aiGeneratedPercent: z.number().int().min(0).max(100),
    /** Where the non-original material comes from. */
    sources: multiLineText(2000).default(''),
  })
  .refine((d) => d.aiGeneratedPercent <= d.nonOriginalPercent, {
    message: 'AI-generated material counts as non-original: the non-original share includes it',
    path: ['aiGeneratedPercent'],
  })
export type OriginalityDeclaration = z.infer<typeof originalityDeclaration>

const entryFields = {
  title: singleLineText(80).min(1),
  theme: singleLineText(40).min(1),
  description: multiLineText(1000).default(''),
  /** The speakers or makers, as they should be credited. */
  entrantNames: z.array(singleLineText(40).min(1)).min(1).max(10),
  declaration: originalityDeclaration.nullable().default(null),
}
export const entryCreateBody = z.object(entryFields).strict()
export type EntryCreateBody = z.infer<typeof entryCreateBody>
export const entryUpdateBody = z
  .object({
    title: entryFields.title,
    theme: entryFields.theme,
    description: multiLineText(1000),
    entrantNames: entryFields.entrantNames,
    declaration: originalityDeclaration.nullable(),
  })
  .partial()
  .strict()
export type EntryUpdateBody = z.infer<typeof entryUpdateBody>

/** PUT …/videos/:slot: a finished `contest-video` upload of the same account. */
export const entryVideoBody = z.object({ mediaId: z.uuid() }).strict()
/** PUT …/captions/:slot: the WebVTT file's text. */
export const entryCaptionsBody = z.object({ vtt: z.string().min(1).max(200_000) }).strict()

export const ENTRY_STATUSES = ['draft', 'submitted', 'withdrawn'] as const
export type EntryStatus = (typeof ENTRY_STATUSES)[number]
/** The nomination check (资格审查) an admin makes after entries close. */
export const ELIGIBILITY = ['pending', 'eligible', 'ineligible'] as const
export type Eligibility = (typeof ELIGIBILITY)[number]

/** One rule a video or an entry breaks, with what was measured. */
export const ruleProblem = z.object({ rule: z.string(), message: z.string() })
export type RuleProblem = z.infer<typeof ruleProblem>

/** An entry as its organisation and admins see it. */
export const contestEntry = z.object({
  id: z.string(),
  contestId: z.string(),
  status: z.enum(ENTRY_STATUSES),
  eligibility: z.enum(ELIGIBILITY),
  eligibilityReason: z.string().nullable(),
  shortlisted: z.boolean(),
  title: z.string(),
  theme: z.string(),
  description: z.string(),
  entrantNames: z.array(z.string()),
  organisation: z.object({ key: z.string(), name: z.string() }),
  declaration: originalityDeclaration.nullable(),
  videos: z.array(entryVideo),
  /** Slots with captions, and how many cues each has. */
  captions: z.array(z.object({ slot: z.string(), cues: z.number().int() })),
  /** What still stops the entry from being submitted (empty: it can be). */
  missing: z.array(ruleProblem),
  submittedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Files can be replaced and the entry changed until then (an instant, +08:00). */
  editableUntil: z.string(),
})
export type ContestEntry = z.infer<typeof contestEntry>
export const contestEntryResponse = z.object({ entry: contestEntry })
export const contestEntriesResponse = z.object({ entries: z.array(contestEntry) })

// ——— Admin ——————————————————————————————————————————————————————————————————

export const adminContest = contestSummary.extend({
  config: contestConfig,
  published: z.boolean(),
  entries: z.number().int(),
  panels: z.array(reviewPanel),
})
export type AdminContest = z.infer<typeof adminContest>
export const adminContestResponse = z.object({ contest: adminContest })
export const adminContestsResponse = z.object({ contests: z.array(adminContest) })

export const eligibilityBody = z
  .object({ eligible: z.boolean(), reason: singleLineText(300).default('') })
  .strict()
  .refine((b) => b.eligible || b.reason.length > 0, { message: 'say why the entry is not eligible', path: ['reason'] })

export const panelCreateBody = z
  .object({
    stage: judgedStage,
    /** Experts (their profile ids) on the panel; each needs an account. */
    expertIds: z.array(z.uuid()).min(1).max(50),
    /** The entries to judge; default: preliminary, every eligible entry; final, the shortlist. */
    entryIds: z.array(z.uuid()).max(2000).optional(),
  })
  .strict()
export const nextRoundBody = z
  .object({ entryIds: z.array(z.uuid()).min(1).max(2000), expertIds: z.array(z.uuid()).min(1).max(50).optional() })
  .strict()
export const panelConflictBody = z
  .object({ entryId: z.uuid(), expertId: z.uuid(), note: singleLineText(300).min(1) })
  .strict()
export const judgeConflictBody = z.object({ note: singleLineText(300).min(1) }).strict()

export const contestPanelResponse = z.object({
  panel: reviewPanel,
  assigned: z.number().int(),
  conflicts: z.array(reviewConflict),
})

/** The ranking with the entries named (admins see who they are). */
export const contestRanking = panelRanking.extend({
  entries: z.record(
    z.string(),
    z.object({ title: z.string(), entrantNames: z.array(z.string()), organisationName: z.string() }),
  ),
})
export const contestRankingResponse = z.object({ ranking: contestRanking })

export const shortlistBody = z.object({ entryIds: z.array(z.uuid()).max(500) }).strict()

export const resultsBody = z
  .object({ awards: z.array(z.object({ awardId: slotId, entryIds: z.array(z.uuid()).max(500) })).max(30) })
  .strict()
export type ResultsBody = z.infer<typeof resultsBody>

/** Judges' scores with the vote folded in, for deciding awards. */
export const contestStandings = z.object({
  panelId: z.string().nullable(),
  vote: contestVote,
  entries: z.array(
    z.object({
      entryId: z.string(),
      title: z.string(),
      judgeScore: z.number().nullable(),
      judgeRank: z.number().nullable(),
      votes: z.number().int(),
      /** 0–100: the entry's counted votes against the most any shortlisted entry has. */
      voteScore: z.number().nullable(),
      /** With `score-share`, the judges' score and the vote score weighted; else the judges' score. */
      finalScore: z.number().nullable(),
    }),
  ),
})
export type ContestStandings = z.infer<typeof contestStandings>

// ——— Judges —————————————————————————————————————————————————————————————————

/** An entry as a judge sees it: blind reviews leave out who made it and for which organisation. */
export const judgeEntry = z.object({
  id: z.string(),
  title: z.string(),
  theme: z.string(),
  description: z.string(),
  /** Null in a blind review. */
  entrantNames: z.array(z.string()).nullable(),
  organisationName: z.string().nullable(),
  videos: z.array(entryVideo),
  complete: z.boolean(),
  assigned: z.number().int(),
  submitted: z.number().int(),
  mine: scoreSheet,
  others: z.array(scoreSheet).nullable(),
})
export type JudgeEntry = z.infer<typeof judgeEntry>

export const judgePanel = z.object({
  panel: reviewPanel,
  contest: z.object({ id: z.string(), title: z.object({ zh: z.string(), en: z.string() }), blindReview: z.boolean() }),
  entries: z.array(judgeEntry),
})
export const judgePanelResponse = z.object({ panel: judgePanel })
export const judgePanelsResponse = z.object({
  panels: z.array(
    z.object({
      panel: reviewPanel,
      contest: z.object({ id: z.string(), title: z.object({ zh: z.string(), en: z.string() }) }),
      assigned: z.number().int(),
      submitted: z.number().int(),
    }),
  ),
})
export const scoreSheetResponse = z.object({ sheet: scoreSheet })
export const reviewConflictResponse = z.object({ conflict: reviewConflict })

// ——— Public vote ————————————————————————————————————————————————————————————

export const voteBody = z.object({ entryId: z.uuid(), deviceToken: z.string().min(10).max(200) }).strict()
export const voteResponse = z.object({ ok: z.literal(true), day: z.string() })
/** Why a vote was refused with 409: the vote is not running, or this device voted for the entry today. */
export const VOTE_REFUSALS = ['vote-closed', 'already-voted'] as const
export const voteRefusal = apiError.extend({ reason: z.enum(VOTE_REFUSALS) })
export const voteDeviceResponse = z.object({ deviceToken: z.string() })

export const VOTE_FLAG_KINDS = ['burst', 'new-devices'] as const
export const voteFlag = z.object({
  /** Stable for the same votes: what the admin discounts by. */
  id: z.string(),
  kind: z.enum(VOTE_FLAG_KINDS),
  entryId: z.string(),
  day: z.string(),
  votes: z.number().int(),
  discounted: z.boolean(),
  /** In words: one address, how many votes in how many minutes; or how many new devices. */
  detail: z.string(),
})
export type VoteFlag = z.infer<typeof voteFlag>
export const contestVotes = z.object({
  tallies: z.array(
    z.object({
      entryId: z.string(),
      title: z.string(),
      votes: z.number().int(),
      counted: z.number().int(),
      flagged: z.number().int(),
    }),
  ),
  flags: z.array(voteFlag),
})
export type ContestVotes = z.infer<typeof contestVotes>
export const discountBody = z
  .object({ flagIds: z.array(z.string().min(1).max(200)).min(1).max(500), discount: z.boolean() })
  .strict()

// ——— Works published in the app ————————————————————————————————————————————

/** A credit of a published work: who made it, for which organisation, and the award it won. */
export const workCredit = z.object({ role: z.enum(['entrant', 'organisation', 'award']), name: z.string() })
export type WorkCredit = z.infer<typeof workCredit>

/** An expert a work published in the app credits, by the expert's id. */
export const appWorkExpertCredit = z.object({ expertId: z.uuid(), role: workCreditRole })
export type AppWorkExpertCredit = z.infer<typeof appWorkExpertCredit>

/**
 * A work published in the app (not in content/): today a contest's winner. GET /api/app-works.
 * Its media are published media records; captions travel with it (WebVTT text).
 */
export const appWork = z.object({
  id: z.string(),
  kind: z.literal('video'),
  title: z.object({ zh: z.string(), en: z.string().nullable() }),
  description: z.string(),
  credits: z.array(workCredit),
  /** Experts of the pool who wrote it or appear in it; their pages list it (GET /api/experts/:id). */
  experts: z.array(appWorkExpertCredit),
  licence: z.string(),
  media: z.array(
    z.object({
      id: z.string(),
      url: z.string(),
      contentType: z.string(),
      bytes: z.number().int(),
      durationS: z.number().nullable(),
      width: z.number().int().nullable(),
      height: z.number().int().nullable(),
      captions: z.object({ lang: z.string(), vtt: z.string() }).nullable(),
    }),
  ),
  source: z.object({ kind: z.literal('contest'), contestId: z.string(), entryId: z.string() }),
  publishedAt: z.string(),
})
export type AppWork = z.infer<typeof appWork>
export const appWorksResponse = z.object({ works: z.array(appWork) })
