import { z } from 'zod'
import { WORK_TOPICS, WORK_TYPES } from '../constants.ts'
import { contentId, localizedText, singleLineText, sourceRef } from './common.ts'

export { WORK_TOPICS, WORK_TYPES } from '../constants.ts'
export const workType = z.enum(WORK_TYPES)
export type WorkType = z.infer<typeof workType>

export const workTopic = z.enum(WORK_TOPICS)
export type WorkTopic = z.infer<typeof workTopic>

/** A media file shipped under `public/media/works/` (path relative to that folder). */
const mediaPath = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]*\.(?:mp4|webm|m4a|mp3|ogg|opus|vtt|jpg|jpeg|png|webp|svg)$/,
    'a file name under public/media/works/ (lower-case, no folders)',
  )

/** Playable media for video and audio works; size is measured from the file at content build. */
export const workMedia = z
  .object({
    file: mediaPath,
    mime: z.enum(['video/mp4', 'video/webm', 'audio/mp4', 'audio/mpeg', 'audio/ogg', 'audio/webm']),
    durationS: z
      .number()
      .positive()
      .max(4 * 3600),
    /** WebVTT captions (video) or a timed transcript (audio), in Chinese. */
    captions: mediaPath.refine((f) => f.endsWith('.vtt'), 'captions must be a .vtt file'),
    poster: mediaPath.optional(),
  })
  .strict()

/** Book metadata; the Markdown body is a sample chapter (or chapter summaries). */
export const workBook = z
  .object({
    authors: z.array(singleLineText(200).min(1)).min(1),
    publisher: singleLineText(200).min(1),
    year: z.number().int().min(1900).max(2100),
    isbn: z
      .string()
      .regex(/^(?:97[89])?\d{9}[\dX]$/, 'ISBN-10 or ISBN-13 digits without hyphens')
      .optional(),
    chapters: z.array(localizedText).min(1).optional(),
  })
  .strict()

export const workPicture = z
  .object({
    file: mediaPath,
    alt: localizedText,
    caption: localizedText.optional(),
  })
  .strict()

/** What a credited expert did: wrote the work, or appears in it (a host, an interviewee, a guide). */
export const WORK_CREDIT_ROLES = ['author', 'featured'] as const
export const workCreditRole = z.enum(WORK_CREDIT_ROLES)
export type WorkCreditRole = z.infer<typeof workCreditRole>

/**
 * An expert a work credits. Experts' ids are made by the database, so content names an expert
 * announced in `content/experts/` by `<batch file id>/<name>` (the content build checks it exists;
 * the seed keeps it as the expert's content key), and one who joined in the app by their id (a
 * UUID, which the server resolves; an unknown or unlisted one credits nobody).
 */
export const workExpertRef = z.union([
  z.uuid(),
  z
    .string()
    .regex(
      /^[a-z0-9]+(?:-[a-z0-9]+)*\/[^\s/]{1,40}$/,
      'an expert id, or <batch file id>/<name> of an announced expert',
    ),
])
export const workExpertCredit = z.object({ expert: workExpertRef, role: workCreditRole }).strict()
export type WorkExpertCredit = z.infer<typeof workExpertCredit>

/** Front matter of `content/works/<id>.md`; the Markdown body follows it. */
export const workFrontMatter = z
  .object({
    type: workType,
    title: localizedText,
    summary: localizedText,
    topics: z.array(workTopic).min(1),
    bases: z.array(contentId).default([]),
    themeDays: z.array(contentId).default([]),
    sources: z.array(sourceRef).min(1, 'every work keeps at least one source'),
    published: z.iso.date(),
    media: workMedia.optional(),
    book: workBook.optional(),
    pictures: z.array(workPicture).min(1).optional(),
    /** Experts who wrote the work or appear in it; only what a source supports, never guessed from a name. */
    credits: z.array(workExpertCredit).max(20).optional(),
  })
  .strict()
  .superRefine((w, ctx) => {
    const need = (field: 'media' | 'book' | 'pictures', when: boolean) => {
      if (when && w[field] === undefined)
        ctx.addIssue({ code: 'custom', path: [field], message: `a ${w.type} work needs ${field}` })
      if (!when && w[field] !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: `only ${field === 'media' ? 'video and audio' : field === 'book' ? 'book' : 'pictures'} works have ${field}`,
        })
    }
    need('media', w.type === 'video' || w.type === 'audio')
    need('book', w.type === 'book')
    need('pictures', w.type === 'pictures')
    if (w.media && w.type === 'video' && !w.media.mime.startsWith('video/'))
      ctx.addIssue({ code: 'custom', path: ['media', 'mime'], message: 'a video work needs a video/* file' })
    if (w.media && w.type === 'audio' && !w.media.mime.startsWith('audio/'))
      ctx.addIssue({ code: 'custom', path: ['media', 'mime'], message: 'an audio work needs an audio/* file' })
  })

export const builtWork = workFrontMatter.safeExtend({
  id: contentId,
  /** Markdown body, rendered safely on the client (no raw HTML). */
  body: z.string(),
  /** Bytes of the media file (and captions), measured at content build. */
  mediaBytes: z.number().int().nonnegative().optional(),
})
export type BuiltWork = z.infer<typeof builtWork>

/**
 * The app ships works in two parts (the content build writes both): the list every works screen
 * draws (cards, related works, offline saving) and each work's reading text, which only its own
 * page needs. The text is most of the bytes, and the 作品 tab's first screen should not wait for it.
 */
export const WORK_TEXT_FIELDS = ['body', 'sources', 'book'] as const
export type WorkSummary = Omit<BuiltWork, (typeof WORK_TEXT_FIELDS)[number]>
/** Who made a work published in the app and for whom (contest winners: entrants, organisation, award). */
export interface WorkPerson {
  role: 'author' | 'entrant' | 'organisation' | 'award'
  name: string
}
export type WorkText = Pick<BuiltWork, 'id' | (typeof WORK_TEXT_FIELDS)[number]> & {
  /** Works published in the app name their people and licence here; shipped works credit experts (`credits`). */
  people?: WorkPerson[]
  licence?: string
}

/** Splits a built work into its list entry and its reading text; `{ ...summary, ...text }` is the work again. */
export function splitWork(work: BuiltWork): { summary: WorkSummary; text: WorkText } {
  const { body, sources, book, ...summary } = work
  return { summary, text: book === undefined ? { id: work.id, body, sources } : { id: work.id, body, sources, book } }
}
