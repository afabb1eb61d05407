import { describeOpeningHours } from '../../../shared/domain/opening-hours.ts'
import {
  accessibilityFacts,
  baseCategory,
  baseClosure,
  basePhoto,
  bookingRules,
  tourLanguage,
  type BasePhoto,
} from '../../../shared/schemas/base.ts'
import type { BaseField } from '../../../shared/schemas/base-edit.ts'
import { z } from 'zod'

type Translate = (key: string, values?: Record<string, unknown>) => string

/*
 * A field's value as people read it, for the admin's before/after diff, a proposal's outcome and a
 * stale-edit conflict: "周二至周日 09:00–16:30，周一闭馆" rather than JSON. Values come from the
 * server as `unknown` (history rows, diffs), so each is checked against its schema first; a value
 * that does not match is shown as JSON, never hidden.
 */

const bilingual = z.object({ zh: z.string(), en: z.string().optional() })
const point = z.object({ lat: z.number(), lon: z.number(), precision: z.string().optional() })

/** Lines of text (one per item for lists); an empty list for a field with no value. */
export function fieldLines(field: BaseField, value: unknown, t: Translate, locale: string): string[] {
  if (value === null || value === undefined) return []
  const lang = locale === 'en' ? 'en' : 'zh-CN'
  const json = () => [JSON.stringify(value)]
  switch (field) {
    case 'name':
    case 'description': {
      const v = bilingual.safeParse(value)
      return v.success ? [v.data.zh, ...(v.data.en ? [v.data.en] : [])] : json()
    }
    case 'category': {
      const v = baseCategory.safeParse(value)
      return v.success ? [t(`bases.category.${v.data}`)] : json()
    }
    case 'location': {
      const v = point.safeParse(value)
      if (!v.success) return json()
      const where = `${v.data.lat.toFixed(6)}, ${v.data.lon.toFixed(6)}`
      return [v.data.precision ? `${where} (${t(`bases.precision.${v.data.precision}`)})` : where]
    }
    case 'openingHours':
      return typeof value === 'string' ? [describeOpeningHours(value, lang), value] : json()
    case 'closures': {
      const v = z.array(baseClosure).safeParse(value)
      return v.success
        ? v.data.map((c) => `${c.from} – ${c.to} · ${lang === 'en' ? (c.reason.en ?? c.reason.zh) : c.reason.zh}`)
        : json()
    }
    case 'bookingRules': {
      const v = bookingRules.safeParse(value)
      if (!v.success) return json()
      const r = v.data
      return [
        t(`baseEdit.booking.requirement.${r.requirement}`),
        ...(r.advanceDays !== null ? [t('baseEdit.booking.advanceDaysValue', { n: r.advanceDays })] : []),
        ...(r.groupSizeMax !== null ? [t('baseEdit.booking.groupSizeMaxValue', { n: r.groupSizeMax })] : []),
        ...(r.url ? [r.url] : []),
      ]
    }
    case 'accessibilityFacts': {
      const v = accessibilityFacts.safeParse(value)
      return v.success
        ? Object.entries(v.data).map(
            ([fact, yes]) =>
              `${t(`baseEdit.facts.${fact}`)}：${yes ? t('baseEdit.facts.yes') : t('baseEdit.facts.no')}`,
          )
        : json()
    }
    case 'tourLanguages': {
      const v = z.array(tourLanguage).safeParse(value)
      return v.success ? [v.data.map((l) => t(`baseEdit.languages.${l}`)).join(lang === 'en' ? ', ' : '、')] : json()
    }
    case 'photos': {
      const v = z.array(z.object({ mediaId: z.string(), caption: bilingual })).safeParse(value)
      return v.success
        ? v.data.map((p, i) => `${String(i + 1)}. ${p.caption.zh || t('baseEdit.photos.untitled', { n: i + 1 })}`)
        : json()
    }
    case 'address':
    case 'phone':
    case 'website':
    case 'booking':
    case 'accessibility':
      return typeof value === 'string' ? [value] : json()
  }
}

/** The photos of a photo field's value that carry their sizes (published ones), for thumbnails. */
export function photosOf(value: unknown): BasePhoto[] {
  const v = z.array(basePhoto).safeParse(value)
  return v.success ? v.data : []
}
