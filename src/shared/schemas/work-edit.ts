import { z } from 'zod'
import { markdownProblems, webVttProblem } from '../domain/work-markdown.ts'
import { contentId, multiLineText, singleLineText, sourceRef } from './common.ts'
import { workBook, workTopic, workType } from './work.ts'

/*
 * Works written and published in the app (issue 26). Editors are admins and the base staff an
 * admin allowed (`worksEditor` on the account). A work has one working copy (the draft) and, once
 * published, the copy visitors see; the draft goes draft → in_review → approved (by someone other
 * than its last author) → published, and a reviewer may return it with a reason. Every save and
 * every step is a version in its history. content/works/ is imported as works of origin `content`
 * and refreshed from content only until someone edits them in the app (server db/seed-works.ts).
 */

export const WORK_STATES = ['draft', 'in_review', 'approved', 'published'] as const
/** Where the draft is: being written, waiting for a reviewer, approved to publish, or the same as what visitors see. */
export const workState = z.enum(WORK_STATES)
export type WorkState = z.infer<typeof workState>

export const WORK_ORIGINS = ['app', 'content', 'contest'] as const
export type WorkOrigin = (typeof WORK_ORIGINS)[number]

/** Bilingual text where English may wait: visitors see the Chinese when it is missing. */
const titleText = z.object({
  zh: singleLineText(200).min(1, '请填写中文标题 / a Chinese title is required'),
  en: singleLineText(200).optional(),
})
const shortText = z.object({
  zh: multiLineText(2000).min(1, '请填写中文 / Chinese text is required'),
  en: multiLineText(2000).optional(),
})
const altText = z.object({
  zh: singleLineText(500).min(1, '请为图片写替代文字 / describe the picture'),
  en: singleLineText(500).optional(),
})

/**
 * A media file a work uses: an upload's id (uuid, purpose `work-media`), or for works imported
 * from content/ the name of a file under public/media/works/.
 */
export const workMediaRef = z
  .string()
  .refine((v) => UPLOAD_ID.test(v) || CONTENT_FILE.test(v), 'an upload id, or a file under public/media/works/')
const UPLOAD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const CONTENT_FILE = /^[a-z0-9][a-z0-9-]*\.[a-z0-9]{2,4}$/
/** True for an upload's id, false for a file shipped under public/media/works/. */
export const isUploadRef = (ref: string): boolean => UPLOAD_ID.test(ref)

/** WebVTT text, at most 512 KB. */
export const webVtt = multiLineText(512 * 1024).superRefine((v, ctx) => {
  const problem = webVttProblem(v)
  if (problem) ctx.addIssue({ code: 'custom', message: problem })
})

/** An article's or any work's Markdown: no raw HTML, no script addresses, at most 100,000 characters. */
export const workMarkdown = multiLineText(100_000).superRefine((v, ctx) => {
  for (const message of markdownProblems(v)) ctx.addIssue({ code: 'custom', message })
})

export const workDocumentMedia = z
  .object({
    file: workMediaRef,
    /** Captions (video) or a timed transcript (audio), as WebVTT text. */
    captions: webVtt.optional(),
    /** A work imported from content/ names its shipped captions file instead. */
    captionsFile: workMediaRef.optional(),
    poster: workMediaRef.optional(),
  })
  .strict()

export const workDocumentPicture = z
  .object({ file: workMediaRef, alt: altText, caption: shortText.optional() })
  .strict()

/** A work as an editor writes it: the draft, and what visitors see once it is published. */
export const workDocument = z
  .object({
    type: workType,
    title: titleText,
    summary: shortText,
    topics: z.array(workTopic).max(12).default([]),
    bases: z.array(contentId).max(50).default([]),
    themeDays: z.array(contentId).max(20).default([]),
    sources: z
      .array(sourceRef.pipe(singleLineText(500)))
      .max(30)
      .default([]),
    body: workMarkdown.default(''),
    media: workDocumentMedia.optional(),
    pictures: z.array(workDocumentPicture).min(1).max(60).optional(),
    book: workBook.optional(),
    /** Who made it and for whom; contest winners carry their entrants and award. */
    credits: z
      .array(
        z
          .object({ role: z.enum(['author', 'entrant', 'organisation', 'award']), name: singleLineText(200).min(1) })
          .strict(),
      )
      .max(30)
      .default([]),
    licence: singleLineText(200).optional(),
  })
  .strict()
  .superRefine((w, ctx) => {
    const need = (field: 'media' | 'book' | 'pictures', when: boolean, zh: string) => {
      if (when && w[field] === undefined)
        ctx.addIssue({ code: 'custom', path: [field], message: `${zh} / a ${w.type} work needs ${field}` })
      if (!when && w[field] !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: `这类作品没有 ${field} / a ${w.type} work has no ${field}`,
        })
    }
    need('media', w.type === 'video' || w.type === 'audio', '请上传音视频文件')
    need('book', w.type === 'book', '请填写出版信息')
    need('pictures', w.type === 'pictures', '请上传图片')
    if (w.type === 'article' && w.body.length === 0)
      ctx.addIssue({ code: 'custom', path: ['body'], message: '请填写正文 / an article needs its text' })
  })
export type WorkDocument = z.infer<typeof workDocument>
export type WorkDocumentInput = z.input<typeof workDocument>

/** One step in a work's history: who, when, what, and the draft as it stood after it. */
export const WORK_ACTIONS = [
  'import',
  'create',
  'save',
  'submit',
  'approve',
  'return',
  'publish',
  'unpublish',
  'contest',
] as const
export type WorkAction = (typeof WORK_ACTIONS)[number]
export const workHistoryEntry = z.object({
  version: z.number().int(),
  action: z.enum(WORK_ACTIONS),
  by: z.object({ id: z.string(), name: z.string() }).nullable(),
  at: z.string(),
  note: z.string().nullable(),
  /** The draft after this step: saves, imports and creations carry it; the others repeat none. */
  document: workDocument.nullable(),
})
export type WorkHistoryEntry = z.infer<typeof workHistoryEntry>
export const workHistoryResponse = z.object({ entries: z.array(workHistoryEntry) })

/** A work as the editor screens see it. */
export const editorWork = z.object({
  id: z.string(),
  /** The id visitors' phones know it by: the content id for imported works, else `id`. */
  publicId: z.string(),
  origin: z.enum(WORK_ORIGINS),
  state: workState,
  /** Visitors see `published`. */
  listed: z.boolean(),
  /** Raised by every save; a save or a step names the version it was made on. */
  version: z.number().int(),
  publishedVersion: z.number().int().nullable(),
  draft: workDocument,
  published: workDocument.nullable(),
  returnReason: z.string().nullable(),
  /** Who wrote the draft's last change (may not approve it) and who submitted or reviewed it. */
  lastEditor: z.object({ id: z.string(), name: z.string() }).nullable(),
  updatedAt: z.string(),
})
export type EditorWork = z.infer<typeof editorWork>
export const editorWorkResponse = z.object({ work: editorWork })
export const editorWorksResponse = z.object({
  works: z.array(editorWork.omit({ draft: true, published: true }).extend({ title: z.string(), type: workType })),
})
export type EditorWorkListItem = z.infer<typeof editorWorksResponse>['works'][number]

export const editorWorksQuery = z.object({ state: workState.optional() }).strict()
export const createWorkBody = z.object({ document: workDocument }).strict()
export const saveWorkBody = z.object({ version: z.number().int().min(0), document: workDocument }).strict()
export const workStepBody = z.object({ version: z.number().int().min(0) }).strict()
export const returnWorkBody = z
  .object({
    version: z.number().int().min(0),
    reason: multiLineText(2000).min(1, '请写明退回的原因 / say why it goes back'),
  })
  .strict()
export const worksEditorBody = z.object({ allowed: z.boolean() }).strict()

// ——— What phones read ————————————————————————————————————————————————————————

export const publishedWorkMedia = z.object({
  url: z.string(),
  mime: z.string(),
  bytes: z.number().int().nonnegative().nullable(),
  durationS: z.number().nullable(),
  captions: z.string().nullable(),
  /** Where a shipped captions file is, for works imported from content/. */
  captionsUrl: z.string().nullable(),
  posterUrl: z.string().nullable(),
})

/**
 * A work as visitors see it, in the fields of a built work (shared/schemas/work.ts) so the phone
 * lists, searches and saves it like one; media are URLs, and a file's URL changes when it does,
 * so a saved copy re-downloads media only when its URL changed.
 */
export const publishedWork = z.object({
  id: z.string(),
  type: workType,
  title: z.object({ zh: z.string(), en: z.string() }),
  summary: z.object({ zh: z.string(), en: z.string() }),
  topics: z.array(workTopic),
  bases: z.array(z.string()),
  themeDays: z.array(z.string()),
  sources: z.array(z.string()),
  /** Date of first publication (Asia/Shanghai), as content works carry it. */
  published: z.string(),
  /** The published version: a saved copy older than this is refreshed. */
  version: z.number().int(),
  body: z.string(),
  media: publishedWorkMedia.nullable(),
  pictures: z
    .array(
      z.object({
        url: z.string(),
        alt: z.object({ zh: z.string(), en: z.string() }),
        caption: z.object({ zh: z.string(), en: z.string() }).nullable(),
      }),
    )
    .nullable(),
  book: workBook.nullable(),
  credits: z.array(z.object({ role: z.string(), name: z.string() })),
  licence: z.string().nullable(),
  origin: z.enum(WORK_ORIGINS),
  /**
   * The Chinese title's pinyin and initials, word by word, made on the server (the phone has no
   * pinyin dictionary): the offline search finds the work by them as it finds shipped ones.
   * Missing in copies kept before it was sent.
   */
  titleKeys: z.object({ pinyin: z.string(), initials: z.string() }).nullable().optional(),
})
export type PublishedWork = z.infer<typeof publishedWork>

export const worksFeedQuery = z.object({ since: z.coerce.number().int().min(0).optional() }).strict()
/**
 * GET /api/works: the works published in the app (new ones, and content works edited in the app)
 * and the ids of works visitors must no longer see. With `since` (the `version` of an earlier
 * answer) only what changed after it; the answer's `version` is the next `since`.
 */
export const worksFeedResponse = z.object({
  version: z.number().int(),
  /** False when `since` was given: `works` and `removed` are changes only. */
  full: z.boolean(),
  works: z.array(publishedWork),
  removed: z.array(z.string()),
})
export type WorksFeed = z.infer<typeof worksFeedResponse>
