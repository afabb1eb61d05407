import type { LatLon } from '../../../shared/domain/geo.ts'
import {
  ACCESSIBILITY_FACTS,
  type AccessibilityFact,
  type BaseCategory,
  type BasePhoto,
  type TourLanguage,
} from '../../../shared/schemas/base.ts'
import type { BaseField, BaseFieldChanges, BaseFieldValues } from '../../../shared/schemas/base-edit.ts'

/*
 * The staff form of a base profile: the published values (`BaseFieldValues`) as text inputs hold
 * them, and back. `changesOf` compares the form with what was loaded, field by field, and gives
 * only the fields that differ, in the shape the proposal route takes (`BaseFieldChanges`).
 */

export type FactAnswer = 'yes' | 'no' | 'unknown'

export interface ClosureForm {
  from: string
  to: string
  reasonZh: string
  reasonEn: string
}

export interface BaseProfileForm {
  nameZh: string
  nameEn: string
  category: BaseCategory
  address: string
  /** Where staff put the pin; null while it has not been moved (or confirmed). */
  pin: LatLon | null
  openingHours: string | null
  closures: ClosureForm[]
  phone: string
  website: string
  booking: string
  bookingRequirement: '' | 'none' | 'recommended' | 'required'
  bookingAdvanceDays: string
  bookingUrl: string
  bookingGroupSizeMax: string
  accessibility: string
  facts: Record<AccessibilityFact, FactAnswer>
  tourLanguages: TourLanguage[]
  descriptionZh: string
  descriptionEn: string
  photos: BasePhoto[]
}

export function formOf(values: BaseFieldValues): BaseProfileForm {
  const facts = Object.fromEntries(
    ACCESSIBILITY_FACTS.map((fact) => {
      const known = values.accessibilityFacts?.[fact]
      return [fact, known === undefined ? 'unknown' : known ? 'yes' : 'no']
    }),
  ) as Record<AccessibilityFact, FactAnswer>
  return {
    nameZh: values.name.zh,
    nameEn: values.name.en,
    category: values.category,
    address: values.address ?? '',
    pin: null,
    openingHours: values.openingHours,
    closures: values.closures.map((c) => ({
      from: c.from,
      to: c.to,
      reasonZh: c.reason.zh,
      reasonEn: c.reason.en ?? '',
    })),
    phone: values.phone ?? '',
    website: values.website ?? '',
    booking: values.booking ?? '',
    bookingRequirement: values.bookingRules?.requirement ?? '',
    bookingAdvanceDays: values.bookingRules?.advanceDays == null ? '' : String(values.bookingRules.advanceDays),
    bookingUrl: values.bookingRules?.url ?? '',
    bookingGroupSizeMax: values.bookingRules?.groupSizeMax == null ? '' : String(values.bookingRules.groupSizeMax),
    accessibility: values.accessibility ?? '',
    facts,
    tourLanguages: [...values.tourLanguages],
    descriptionZh: values.description?.zh ?? '',
    descriptionEn: values.description?.en ?? '',
    photos: values.photos.map((p) => ({ ...p })),
  }
}

const text = (value: string) => value.trim() || null
/** A number field: null when empty; NaN (refused by the schema, naming the field) when not a number. */
const count = (value: string) => (value.trim() === '' ? null : Number(value.trim()))

/** Each field's value as the route takes it, from the form. */
function proposed(form: BaseProfileForm): Required<BaseFieldChanges> {
  const facts = Object.fromEntries(
    ACCESSIBILITY_FACTS.flatMap((fact) => (form.facts[fact] === 'unknown' ? [] : [[fact, form.facts[fact] === 'yes']])),
  )
  const en = form.descriptionEn.trim()
  return {
    name: { zh: form.nameZh.trim(), en: form.nameEn.trim() },
    category: form.category,
    address: text(form.address),
    location: form.pin ?? { lat: NaN, lon: NaN },
    openingHours: form.openingHours,
    closures: [...form.closures]
      .map((c) => ({
        from: c.from,
        to: c.to,
        reason: c.reasonEn.trim() ? { zh: c.reasonZh.trim(), en: c.reasonEn.trim() } : { zh: c.reasonZh.trim() },
      }))
      .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0)),
    phone: text(form.phone),
    website: text(form.website),
    booking: text(form.booking),
    bookingRules:
      form.bookingRequirement === ''
        ? null
        : {
            requirement: form.bookingRequirement,
            advanceDays: count(form.bookingAdvanceDays),
            url: text(form.bookingUrl),
            groupSizeMax: count(form.bookingGroupSizeMax),
          },
    accessibility: text(form.accessibility),
    accessibilityFacts: Object.keys(facts).length ? facts : null,
    tourLanguages: [...form.tourLanguages],
    description: form.descriptionZh.trim() || en ? { zh: form.descriptionZh.trim(), ...(en ? { en } : {}) } : null,
    photos: form.photos.map((p) => ({
      mediaId: p.mediaId,
      caption: p.caption.en?.trim()
        ? { zh: p.caption.zh.trim(), en: p.caption.en.trim() }
        : { zh: p.caption.zh.trim() },
    })),
  }
}

/** A value as the route would take it, from the loaded (published) one, to compare with the form's. */
function loadedAsInput(field: BaseField, values: BaseFieldValues): unknown {
  if (field === 'location') return { lat: values.location.lat, lon: values.location.lon }
  if (field === 'photos') return values.photos.map((p) => ({ mediaId: p.mediaId, caption: p.caption }))
  return values[field]
}

/** JSON with object keys sorted, so two equal values always compare equal. */
export function stable(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  )
}

/**
 * The fields whose form value differs from what was loaded, with their new values. The pin counts
 * only once staff moved or confirmed it, so opening the form never proposes a position.
 */
export function changesOf(form: BaseProfileForm, values: BaseFieldValues): BaseFieldChanges {
  const next = proposed(form)
  const changes: Record<string, unknown> = {}
  for (const field of Object.keys(next) as BaseField[]) {
    if (field === 'location' && form.pin === null) continue
    if (
      field === 'location' &&
      values.location.precision === 'site' &&
      stable(next.location) === stable(loadedAsInput(field, values))
    )
      continue
    if (stable(next[field]) !== stable(loadedAsInput(field, values))) changes[field] = next[field]
  }
  return changes
}
