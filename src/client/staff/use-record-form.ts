import { computed, onMounted, reactive, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import type { z } from 'zod'
import type { SyncState } from '../local-db/local-db.ts'
import { useContentStore } from '../content/content-store.ts'
import { useDirtyForm } from '../app/dirty-forms.ts'
import { fieldErrors } from '../ui/field-errors.ts'
import { localized } from '../ui/localized.ts'

export interface RecordFormOptions<F extends object, P, S = P> {
  /** The form of a new record. */
  blank: () => F
  /** The form of a record being edited, from its saved payload. */
  fromPayload: (payload: S) => F
  /** The payload to save; `withdrawn` is the record's deleted/cancelled flag. */
  toPayload: (form: F, withdrawn: boolean) => P
  /** The schema the server checks the payload with, so the form refuses the same input, per field. */
  schema: z.ZodType
  /** Writes the record to the outbox (`id` null: a new record). */
  store: (id: string | null, payload: P) => Promise<unknown>
}

/**
 * A staff record's form in a sheet (StaffRecordsFrame): which record it edits, the fields, the
 * field errors, and saving to the outbox. Saving works offline; the sync engine pushes later.
 */
export function useRecordForm<F extends object, P, S = P>(options: RecordFormOptions<F, P, S>) {
  /** The id of the record in the form; null for a new one. */
  const editing = ref<string | null>(null)
  const show = ref(false)
  const form = reactive(options.blank()) as F
  const errors = ref<Record<string, string>>({})
  // An open form holds input: an app update must not reload under it.
  useDirtyForm(show)

  function open(record: { id: string; payload: S } | null): void {
    editing.value = record?.id ?? null
    Object.assign(form, record ? options.fromPayload(record.payload) : options.blank())
    errors.value = {}
    show.value = true
  }

  async function save(withdrawn = false): Promise<void> {
    const value = options.toPayload(form, withdrawn)
    const problems = fieldErrors(options.schema, value)
    if (problems) {
      errors.value = problems
      return
    }
    await options.store(editing.value, value)
    show.value = false
  }

  return { editing, show, form, errors, open, save }
}

/** The colour of a record's sync-state tag: refused and conflicting records need the staff's eye. */
export function stateTagType(state: SyncState): 'success' | 'danger' | 'warning' {
  return state === 'synced' ? 'success' : state === 'rejected' || state === 'conflict' ? 'danger' : 'warning'
}

/** The theme days in the app's language, for the form's choice and a record's row. */
export function useThemeDayNames() {
  const { locale } = useI18n()
  const content = useContentStore()
  onMounted(() => {
    void content.loadThemeDays()
  })
  const themeDays = computed(() =>
    (content.themeDays ?? []).map((d) => ({ id: d.id, name: localized(d.name, locale.value) })),
  )
  const themeDayName = (id: string | null) => (id ? (themeDays.value.find((d) => d.id === id)?.name ?? null) : null)
  return { themeDays, themeDayName }
}
