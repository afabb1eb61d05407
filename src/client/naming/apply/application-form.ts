import type { z } from 'zod'
import {
  applicationForm,
  type Application,
  type BaseCategory,
  type DraftForm,
  type NamingCall,
} from '../../../shared/index.ts'
import type { LatLon } from '../../../shared/domain/geo.ts'
import { localizedFieldErrors } from '../../ui/form-errors.ts'

/*
 * The application form as the applicant types it: every field present (empty when not filled),
 * numbers possibly blank, so the inputs bind to it directly. `toDraftForm` turns it into what the
 * API keeps (a draft may leave anything out), `fromDraftForm` back; `applicationProblems` checks
 * it with the API's own submission schema and the call's required attachments, in the reader's
 * language.
 */

type Blank<T> = T | null
export interface YearRow {
  year: Blank<number>
  visitors: Blank<number>
  activities: Blank<number>
}
export interface EditableForm {
  institution: { name: string; authority: string; contactName: string; contactPhone: string }
  place: {
    name: string
    nameEn: string
    baseCategory: BaseCategory | ''
    province: string
    city: string
    address: string
    location: LatLon | null
    website: string
  }
  conditions: {
    venueAreaM2: Blank<number>
    exhibits: Blank<number>
    staff: Blank<number>
    volunteers: Blank<number>
    years: YearRow[]
  }
  plans: string
}

/** An attachment in the form: the upload's id and, for people, its file name. */
export interface FormAttachment {
  slot: string
  mediaId: string
  filename: string | null
}

export function emptyForm(thisYear = new Date().getFullYear()): EditableForm {
  return {
    institution: { name: '', authority: '', contactName: '', contactPhone: '' },
    place: {
      name: '',
      nameEn: '',
      baseCategory: '',
      province: '',
      city: '',
      address: '',
      location: null,
      website: '',
    },
    conditions: {
      venueAreaM2: null,
      exhibits: null,
      staff: null,
      volunteers: null,
      years: [{ year: thisYear - 1, visitors: null, activities: null }],
    },
    plans: '',
  }
}

/** Drops blanks: an empty text or number is "not filled in", which a draft may leave out. */
function filled<T extends Record<string, unknown>>(part: T): Partial<T> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(part)) {
    if (value === null || value === '' || value === undefined) continue
    out[key] = typeof value === 'string' ? value.trim() : value
  }
  return out as Partial<T>
}

/** What the API keeps of the form. Year rows are kept once all three figures are in. */
export function toDraftForm(form: EditableForm): DraftForm {
  const years = form.conditions.years.filter(
    (row): row is { year: number; visitors: number; activities: number } =>
      row.year !== null && row.visitors !== null && row.activities !== null,
  )
  const conditions = filled({ ...form.conditions, years: years.length > 0 ? years : null })
  return filled({
    institution: nonEmpty(filled(form.institution)),
    place: nonEmpty(filled(form.place)),
    conditions: nonEmpty(conditions),
    plans: form.plans,
  }) as DraftForm
}
const nonEmpty = <T extends object>(part: T): T | null => (Object.keys(part).length > 0 ? part : null)

export function fromDraftForm(draft: DraftForm): EditableForm {
  const base = emptyForm()
  const years = draft.conditions?.years
  return {
    institution: { ...base.institution, ...draft.institution },
    place: {
      ...base.place,
      ...draft.place,
      city: draft.place?.city ?? '',
      website: draft.place?.website ?? '',
      location: draft.place?.location ?? null,
    },
    conditions: { ...base.conditions, ...draft.conditions, years: years?.length ? years : base.conditions.years },
    plans: draft.plans ?? '',
  }
}

/** Whether two copies say the same (the server's draft, and what the phone kept). */
export const sameDraft = (a: DraftForm, b: DraftForm) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b))
const canonical = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(canonical)
    : value && typeof value === 'object'
      ? Object.fromEntries(
          Object.entries(value)
            .filter(([, v]) => v !== null && v !== undefined)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([k, v]) => [k, canonical(v)]),
        )
      : value

type Translate = (key: string, values?: Record<string, unknown>) => string

/**
 * What stops the form from being submitted, per field path ("place.location", "attachment.plan"):
 * the API's own submission rules in the reader's words, and each required attachment not yet there.
 */
export function applicationProblems(
  form: EditableForm,
  attachments: readonly FormAttachment[],
  call: Pick<NamingCall, 'attachments'>,
  t: Translate,
): Record<string, string> | null {
  const draft = toDraftForm(form)
  const errors: Record<string, string> = {
    // Each part present (empty when untouched), so every missing field is named, not its part.
    ...localizedFieldErrors(applicationForm as z.ZodType, { institution: {}, place: {}, conditions: {}, ...draft }, t),
  }
  // A partly filled year row is not kept: say so on the row rather than letting it vanish.
  form.conditions.years.forEach((row, index) => {
    for (const key of ['year', 'visitors', 'activities'] as const)
      if (row[key] === null) errors[`conditions.years.${String(index)}.${key}`] ??= t('form.required')
  })
  for (const slot of call.attachments)
    if (slot.required && !attachments.some((a) => a.slot === slot.id))
      errors[`attachment.${slot.id}`] = t('form.required')
  return Object.keys(errors).length > 0 ? errors : null
}

/** The server's attachments as the form shows them. */
export const formAttachments = (application: Application): FormAttachment[] =>
  application.attachments.map((a) => ({ slot: a.slot, mediaId: a.mediaId, filename: a.filename }))

/**
 * The reader's half of a server message written "中文 / English": the API's messages put the
 * slash after a closing bracket too ("（北京时间）/ the deadline …"), which ui/form-errors.ts
 * `serverMessage` does not split.
 */
export function serverWords(message: string, locale: string): string {
  const at = message.search(/\s?\/ (?=[A-Za-z])/)
  if (at < 0) return message
  return locale === 'en' ? message.slice(message.indexOf('/ ', at) + 2).trim() : message.slice(0, at).trim()
}
