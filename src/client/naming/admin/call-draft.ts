import { DEFAULT_GRADES, type CallBody, type CallCategory, type DesignationList } from '../../../shared/index.ts'
import { fromChinaLocal } from '../naming-time.ts'

/*
 * A new call as the admin fills it in: attachments and criteria as rows whose ids the form makes
 * (`attachment-1`, `criterion-1`), the deadline as China time, the grades as one line of text.
 * `toCallBody` turns it into the API's body; the API's schema then judges it.
 */

export interface AttachmentRow {
  label: string
  pdf: boolean
  image: boolean
  required: boolean
}
export interface CriterionRow {
  zh: string
  en: string
  weight: number | null
  maxScore: number | null
}
export interface CallDraft {
  title: string
  year: number
  list: DesignationList
  category: CallCategory
  /** `datetime-local` value, read as China time. */
  deadline: string
  fixDays: number
  attachments: AttachmentRow[]
  criteria: CriterionRow[]
  grades: string
}

export function emptyCallDraft(now = new Date()): CallDraft {
  return {
    title: '',
    year: now.getFullYear(),
    list: 'national',
    category: '科普场馆类',
    deadline: '',
    fixDays: 10,
    attachments: [{ label: '', pdf: true, image: true, required: true }],
    criteria: [{ zh: '', en: '', weight: null, maxScore: 10 }],
    grades: DEFAULT_GRADES.join('、'),
  }
}

export function toCallBody(draft: CallDraft): CallBody {
  return {
    title: draft.title.trim(),
    year: draft.year,
    list: draft.list,
    category: draft.category,
    deadline: draft.deadline ? fromChinaLocal(draft.deadline) : '',
    fixDays: draft.fixDays,
    attachments: draft.attachments.map((row, i) => ({
      id: `attachment-${String(i + 1)}`,
      label: row.label.trim(),
      kinds: [...(row.pdf ? (['pdf'] as const) : []), ...(row.image ? (['image'] as const) : [])],
      maxMb: 20,
      required: row.required,
    })),
    criteria: draft.criteria.map((row, i) => ({
      id: `criterion-${String(i + 1)}`,
      label: { zh: row.zh.trim(), en: row.en.trim() || row.zh.trim() },
      weight: row.weight ?? 0,
      maxScore: row.maxScore ?? 10,
    })),
    tieBreakers: [],
    outlierPoints: 20,
    grades: draft.grades
      .split(/[、,，\s]+/)
      .map((g) => g.trim())
      .filter(Boolean),
  }
}
