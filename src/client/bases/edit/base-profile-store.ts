import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import {
  baseFieldChanges,
  isMinorBaseField,
  type BaseEditConflict,
  type BaseEditRecord,
  type BaseField,
  type BaseFieldVersions,
  type BaseProposal,
} from '../../../shared/schemas/base-edit.ts'
import { baseProfileApi, staleEdit } from './base-profile-api.ts'
import { changesOf, formOf, type BaseProfileForm } from './base-profile-form.ts'

/** The form keys that hold each field, to take a field's current value into the form. */
const FORM_KEYS: Record<BaseField, (keyof BaseProfileForm)[]> = {
  name: ['nameZh', 'nameEn'],
  category: ['category'],
  address: ['address'],
  location: ['pin'],
  openingHours: ['openingHours'],
  closures: ['closures'],
  phone: ['phone'],
  website: ['website'],
  booking: ['booking'],
  bookingRules: ['bookingRequirement', 'bookingAdvanceDays', 'bookingUrl', 'bookingGroupSizeMax'],
  accessibility: ['accessibility'],
  accessibilityFacts: ['facts'],
  tourLanguages: ['tourLanguages'],
  description: ['descriptionZh', 'descriptionEn'],
  photos: ['photos'],
}

export type SubmitOutcome =
  | { kind: 'sent'; proposal: BaseProposal }
  | { kind: 'conflict'; conflict: BaseEditConflict }
  | { kind: 'invalid'; issues: { path: string; message: string }[] }

/**
 * One base's profile as its staff edit it: the published record, the form, the changes between
 * them, and the proposals made so far. A proposal carries the version each changed field had when
 * it was loaded, so a field someone else changed meanwhile comes back as a conflict with its
 * current value; staff take that value, or put theirs on top of it and send again.
 */
export const useBaseProfileStore = defineStore('base-profile', () => {
  const record = shallowRef<BaseEditRecord | null>(null)
  const form = ref<BaseProfileForm | null>(null)
  const proposals = shallowRef<BaseProposal[]>([])
  /** Versions a conflict moved on: the field's current version, once staff chose what to keep. */
  const versionOverrides = ref<BaseFieldVersions>({})
  const conflict = shallowRef<BaseEditConflict | null>(null)

  async function load(baseId: string): Promise<void> {
    const [loaded, list] = await Promise.all([baseProfileApi.record(baseId), baseProfileApi.proposalsOf(baseId)])
    record.value = loaded
    form.value = formOf(loaded.values)
    proposals.value = list.proposals
    versionOverrides.value = {}
    conflict.value = null
  }

  const changes = computed(() => (record.value && form.value ? changesOf(form.value, record.value.values) : {}))
  const changedFields = computed(() => Object.keys(changes.value) as BaseField[])
  /** Every change is a minor field the base may publish itself. */
  const canPublish = computed(
    () =>
      record.value?.minorFieldsDirect === true &&
      changedFields.value.length > 0 &&
      changedFields.value.every(isMinorBaseField),
  )

  function loadedVersions(): BaseFieldVersions {
    const fields = record.value?.fields
    return Object.fromEntries(
      changedFields.value.map((field) => [field, versionOverrides.value[field] ?? fields?.[field]?.version ?? 0]),
    )
  }

  async function submit(mode: 'review' | 'publish', note: string): Promise<SubmitOutcome> {
    const baseId = record.value?.baseId
    if (!baseId) throw new Error('no base loaded')
    const checked = baseFieldChanges.safeParse(changes.value)
    if (!checked.success)
      return {
        kind: 'invalid',
        issues: checked.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      }
    try {
      const { proposal } = await baseProfileApi.propose(baseId, {
        changes: checked.data,
        loadedVersions: loadedVersions(),
        mode,
        ...(note.trim() ? { note: note.trim() } : {}),
      })
      await load(baseId)
      return { kind: 'sent', proposal }
    } catch (error) {
      const stale = staleEdit(error)
      if (!stale) throw error
      conflict.value = stale
      return { kind: 'conflict', conflict: stale }
    }
  }

  /** Keeps the staff member's value, now on top of the current one: the next submit carries the new version. */
  function reapply(): void {
    const c = conflict.value
    if (!c) return
    versionOverrides.value = { ...versionOverrides.value, [c.field]: c.version }
    conflict.value = null
  }

  /** Drops the staff member's value for the conflicting field and shows the current one. */
  function takeCurrent(): void {
    const c = conflict.value
    const loaded = record.value
    if (!c || !loaded || !form.value) return
    const values = { ...loaded.values, [c.field]: c.current }
    record.value = {
      ...loaded,
      values,
      fields: { ...loaded.fields, [c.field]: { version: c.version, provenance: 'app' } },
    }
    const fresh = formOf(values)
    for (const key of FORM_KEYS[c.field]) Object.assign(form.value, { [key]: fresh[key] })
    conflict.value = null
  }

  return {
    record,
    form,
    proposals,
    conflict,
    changes,
    changedFields,
    canPublish,
    load,
    submit,
    reapply,
    takeCurrent,
  }
})
