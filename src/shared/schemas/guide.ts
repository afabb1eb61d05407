import { z } from 'zod'
import { localizedText, sourceRef } from './common.ts'

export const HAZARDS = [
  'rockfall',
  'landslide',
  'debris-flow',
  'ground-collapse',
  'ground-fissure',
  'land-subsidence',
  'storm-surge',
  'waves',
  'tsunami',
  'sea-ice',
  'red-tide',
  'forest-fire',
  'earthquake',
  'flood',
] as const
export const hazard = z.enum(HAZARDS)
export type Hazard = z.infer<typeof hazard>

/** Front matter of `content/guides/<id>.md`: a hazard guide that must work without signal. */
export const guideFrontMatter = z
  .object({
    hazard,
    title: localizedText,
    summary: localizedText,
    sources: z.array(sourceRef).min(1),
  })
  .strict()

export const builtGuide = guideFrontMatter.extend({
  id: z.string(),
  /** Markdown body with sections 识别征兆 / 避险要点 / 事后 (warning signs, during, after). */
  body: z.string(),
})
export type BuiltGuide = z.infer<typeof builtGuide>
