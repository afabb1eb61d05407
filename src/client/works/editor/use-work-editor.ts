import { computed, ref, shallowRef, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import type { EditorWork } from '../../../shared/index.ts'
import { workDocument } from '../../../shared/schemas/work-edit.ts'
import { ApiRequestError } from '../../api/http.ts'
import { serverMessage } from '../../ui/form-errors.ts'
import {
  createEditorWork,
  loadEditorWork,
  returnEditorWork,
  saveEditorWork,
  stepEditorWork,
  type WorkStep,
} from './works-editor-api.ts'
import {
  documentErrors,
  documentFromForm,
  emptyWorkForm,
  formFromDocument,
  serverFieldErrors,
  type WorkForm,
} from './work-draft-form.ts'

/*
 * The editor's state: the work as the server last answered, the form as typed, and what the last
 * save or step said. Nothing typed is ever thrown away by a failure: a 409 (someone saved first)
 * keeps the form and offers to save over the newer version or to load it instead.
 */
export function useWorkEditor() {
  const { t, locale } = useI18n()
  const work = shallowRef<EditorWork | null>(null)
  const form = ref<WorkForm>(emptyWorkForm())
  const state = ref<'loading' | 'ready' | 'failed' | 'not-found'>('ready')
  const busy = ref<'save' | WorkStep | 'return' | null>(null)
  const errors = ref<Record<string, string>>({})
  const message = ref<string | null>(null)
  const problem = ref<string | null>(null)
  /** The version someone else saved while this form was open (a 409), until the editor chooses. */
  const conflictVersion = ref<number | null>(null)
  /** The document as last loaded or saved: the form differs from it while there are unsaved changes. */
  const savedAs = ref(JSON.stringify(documentFromForm(form.value)))
  const dirty = computed(() => JSON.stringify(documentFromForm(form.value)) !== savedAs.value)

  // Once fields are marked, they are checked again as they change: a fixed field loses its message.
  watch(
    form,
    (now) => {
      if (!Object.keys(errors.value).length) return
      const checked = workDocument.safeParse(documentFromForm(now))
      errors.value = checked.success ? {} : documentErrors(checked.error.issues, t, locale.value)
      if (checked.success && conflictVersion.value === null) problem.value = null
    },
    { deep: true },
  )

  /** Takes the server's answer; `sent` is the document a save sent (the form still shows it). */
  function take(answer: EditorWork, resetForm: boolean, sent?: string): void {
    work.value = answer
    if (resetForm) form.value = formFromDocument(answer.draft)
    if (resetForm || sent !== undefined) savedAs.value = sent ?? JSON.stringify(documentFromForm(form.value))
    conflictVersion.value = null
  }

  async function load(id: string): Promise<void> {
    state.value = 'loading'
    message.value = null
    problem.value = null
    errors.value = {}
    try {
      take(await loadEditorWork(id), true)
      state.value = 'ready'
    } catch (e) {
      state.value =
        e instanceof ApiRequestError && e.failure.kind === 'http' && e.failure.status === 404 ? 'not-found' : 'failed'
    }
  }

  /** What a failed request says, in the reader's language; field errors go under their fields. */
  function said(e: unknown): string {
    if (!(e instanceof ApiRequestError)) return t('worksEditor.problem', { reason: String(e) })
    const failure = e.failure
    if (failure.kind === 'offline') return t('worksEditor.offline')
    if (failure.kind === 'invalid-response') return t('worksEditor.problem', { reason: failure.detail })
    if (failure.status === 401) return t('worksEditor.signedOut')
    if (failure.status === 400 && failure.body.issues?.length) {
      errors.value = serverFieldErrors(failure.body.issues, t, locale.value)
      return t('worksEditor.invalid', { n: Object.keys(errors.value).length })
    }
    return t('worksEditor.problem', { reason: serverMessage(failure.body.message, locale.value) })
  }
  const isConflict = (e: unknown): e is ApiRequestError =>
    e instanceof ApiRequestError && e.failure.kind === 'http' && e.failure.status === 409

  /** Saves the form (creates the work the first time); returns the work on success. */
  async function save(): Promise<EditorWork | null> {
    message.value = null
    problem.value = null
    const document = documentFromForm(form.value)
    const checked = workDocument.safeParse(document)
    if (!checked.success) {
      errors.value = documentErrors(checked.error.issues, t, locale.value)
      problem.value = t('worksEditor.invalid', { n: Object.keys(errors.value).length })
      return null
    }
    errors.value = {}
    busy.value = 'save'
    try {
      const current = work.value
      const answer = current
        ? await saveEditorWork(current.id, conflictVersion.value ?? current.version, document)
        : await createEditorWork(document)
      take(answer, false, JSON.stringify(document))
      message.value = current ? t('worksEditor.saved', { version: answer.version }) : t('worksEditor.created')
      return answer
    } catch (e) {
      if (isConflict(e)) {
        const payload = (e.failure.kind === 'http' ? e.failure.payload : null) as { version?: unknown } | null
        conflictVersion.value = typeof payload?.version === 'number' ? payload.version : -1
        problem.value = t('worksEditor.conflict', { version: conflictVersion.value })
      } else problem.value = said(e)
      return null
    } finally {
      busy.value = null
    }
  }

  /** After a 409: drop this form and load what the other editor saved. */
  async function loadLatest(): Promise<void> {
    if (work.value) await load(work.value.id)
  }

  async function runStep(step: WorkStep | 'return', reason?: string): Promise<boolean> {
    const current = work.value
    if (!current) return false
    busy.value = step
    message.value = null
    problem.value = null
    try {
      const answer =
        step === 'return'
          ? await returnEditorWork(current.id, current.version, reason ?? '')
          : await stepEditorWork(current.id, step, current.version)
      take(answer, !dirty.value)
      message.value = t(`worksEditor.steps.done.${step}`)
      return true
    } catch (e) {
      if (step === 'approve' && e instanceof ApiRequestError && e.failure.kind === 'http' && e.failure.status === 403)
        problem.value = t('worksEditor.steps.selfApprove')
      else problem.value = said(e)
      return false
    } finally {
      busy.value = null
    }
  }

  return { work, form, state, busy, errors, message, problem, conflictVersion, dirty, load, save, loadLatest, runStep }
}
