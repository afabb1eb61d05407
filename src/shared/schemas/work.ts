import { z } from 'zod'
import { contentId, localizedText, sourceRef } from './common.ts'

export const WORK_TYPES = ['article', 'video', 'audio', 'book', 'pictures'] as const
export const workType = z.enum(WORK_TYPES)
export type WorkType = z.infer<typeof workType>

/** The programme's themes; a work has one or more. */
export const WORK_TOPICS = [
  'farmland', 'land-use', 'restoration', 'spatial-planning', 'land-survey', 'minerals', 'gas-hydrate',
  'hot-dry-rock', 'deep-earth-sea', 'geohazards', 'polar', 'ocean', 'ecosystems', 'mapping', 'carbon', 'biodiversity',
] as const
export const workTopic = z.enum(WORK_TOPICS)
export type WorkTopic = z.infer<typeof workTopic>

/** Front matter of `content/works/<id>.md`; the Markdown body follows it. */
export const workFrontMatter = z.object({
  type: workType,
  title: localizedText,
  summary: localizedText,
  topics: z.array(workTopic).min(1),
  bases: z.array(contentId).default([]),
  themeDays: z.array(contentId).default([]),
  sources: z.array(sourceRef).min(1, 'every work keeps at least one source'),
  published: z.iso.date(),
}).strict()

export const builtWork = workFrontMatter.extend({
  id: contentId,
  /** Markdown body, rendered safely on the client (no raw HTML). */
  body: z.string(),
})
export type BuiltWork = z.infer<typeof builtWork>
