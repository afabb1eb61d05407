import { nextTick, onBeforeUnmount, reactive, ref, shallowRef, watch } from 'vue'
import type { Application, NamingCall } from '../../../shared/index.ts'
import { ApiRequestError } from '../../api/http.ts'
import { getApplicationDraft, putApplicationDraft } from '../../local-db/application-drafts.ts'
import type { ApplicationDraftCopy } from '../../local-db/local-db.ts'
import { applyApi } from './apply-api.ts'
import {
  emptyForm,
  formAttachments,
  fromDraftForm,
  sameDraft,
  toDraftForm,
  type EditableForm,
  type FormAttachment,
} from './application-form.ts'

/*
 * One application being filled in, kept in two places: on the phone (local-db, on every change,
 * so a reload or a lost signal loses nothing) and on the server (PUT, with the version it was
 * loaded at, so a copy saved elsewhere is never overwritten). When the form opens, both copies are
 * read; the newer one is shown and the screen says which it is, with a way to the other.
 */

export type DraftLoadState = 'loading' | 'ready' | 'missing' | 'failed'
export type DraftSaveState = 'idle' | 'saving' | 'saved' | 'offline' | 'refused'
/** Which copy the form shows when the two differ. */
export type DraftSource =
  { kind: 'local-newer'; local: string; server: string } | { kind: 'server-newer'; local: string; server: string }

/** The server's words for a refused request, or 'offline' when it could not be asked. */
export function refusalOf(error: unknown): { offline: true } | { offline: false; message: string; issues: string[] } {
  if (error instanceof ApiRequestError && error.failure.kind === 'offline') return { offline: true }
  if (error instanceof ApiRequestError && error.failure.kind === 'http')
    return {
      offline: false,
      message: error.failure.body.message,
      issues: error.failure.body.issues?.map((i) => `${i.path}: ${i.message}`) ?? [],
    }
  return { offline: false, message: error instanceof Error ? error.message : String(error), issues: [] }
}

export function useApplicationDraft(id: string) {
  const state = ref<DraftLoadState>('loading')
  const call = shallowRef<NamingCall | null>(null)
  const server = shallowRef<Application | null>(null)
  const form = reactive<EditableForm>(emptyForm())
  const attachments = ref<FormAttachment[]>([])
  /** Set when the server could not be reached and the phone's copy is shown. */
  const offline = ref(false)
  const source = ref<DraftSource | null>(null)
  const keptAt = ref<string | null>(null)
  const saveState = ref<DraftSaveState>('idle')
  const refusal = ref<{ message: string; issues: string[] } | null>(null)
  let local: ApplicationDraftCopy | undefined
  let loaded = false

  function show(editable: EditableForm, files: FormAttachment[]): void {
    Object.assign(form, structuredClone(editable))
    attachments.value = files.map((a) => ({ ...a }))
  }

  async function keep(): Promise<void> {
    if (!server.value || !call.value) return
    local = {
      id,
      form: JSON.parse(JSON.stringify(form)) as Record<string, unknown>,
      attachments: attachments.value,
      editedAt: new Date().toISOString(),
      server: server.value,
      call: call.value,
    }
    await putApplicationDraft(local)
    keptAt.value = local.editedAt
  }

  async function load(): Promise<void> {
    state.value = 'loading'
    local = await getApplicationDraft(id).catch(() => undefined)
    let fresh: { application: Application; call: NamingCall } | null = null
    try {
      const [{ applications }, { calls }] = await Promise.all([applyApi.mine(), applyApi.calls()])
      const application = applications.find((a) => a.id === id)
      const itsCall = application && calls.find((c) => c.id === application.callId)
      if (!application || !itsCall) {
        state.value = 'missing'
        return
      }
      fresh = { application, call: itsCall }
      offline.value = false
    } catch (error) {
      if (!local) {
        state.value = refusalOf(error).offline ? 'failed' : 'missing'
        offline.value = refusalOf(error).offline
        return
      }
      offline.value = true
    }
    loaded = false
    if (fresh) {
      server.value = fresh.application
      call.value = fresh.call
    } else {
      server.value = local!.server
      call.value = local!.call
    }
    source.value = null
    const theServer = server.value
    const localForm = local && (local.form as unknown as EditableForm)
    const differs =
      localForm &&
      (!sameDraft(toDraftForm(localForm), theServer.form) ||
        JSON.stringify(local!.attachments.map((a) => a.mediaId)) !==
          JSON.stringify(theServer.attachments.map((a) => a.mediaId)))
    if (local && localForm && (!fresh || differs)) {
      // The phone's copy was edited after the server's copy it was based on: that is the newer one,
      // unless the server has moved on since (saved from another device).
      const serverMoved = fresh && fresh.application.version > local.server.version
      const times = { local: local.editedAt, server: theServer.updatedAt }
      if (serverMoved) {
        show(fromDraftForm(theServer.form), formAttachments(theServer))
        source.value = { kind: 'server-newer', ...times }
      } else {
        show(localForm, local.attachments)
        if (fresh) source.value = { kind: 'local-newer', ...times }
      }
    } else show(fromDraftForm(theServer.form), formAttachments(theServer))
    keptAt.value = local?.editedAt ?? null
    state.value = 'ready'
    if (fresh && !local) await keep()
    // Showing a copy is not an edit: let the watcher see it (and skip it) before edits count.
    await nextTick()
    loaded = true
  }

  /** Shows the other copy (the notice's button), and keeps it on the phone. */
  function switchCopy(): void {
    if (!source.value || !server.value || !local) return
    if (source.value.kind === 'local-newer') show(fromDraftForm(server.value.form), formAttachments(server.value))
    else show(local.form as unknown as EditableForm, local.attachments)
    source.value = null
  }

  // Every change goes to the phone at once (a short pause lets a burst of typing be one write).
  let timer: ReturnType<typeof setTimeout> | undefined
  watch(
    [form, attachments],
    () => {
      if (!loaded) return
      clearTimeout(timer)
      timer = setTimeout(() => void keep(), 250)
    },
    { deep: true },
  )
  onBeforeUnmount(() => clearTimeout(timer))

  /** Saves to the server (the phone keeps it either way). True when the server has it. */
  async function save(): Promise<boolean> {
    if (!server.value) return false
    saveState.value = 'saving'
    refusal.value = null
    try {
      const { application } = await applyApi.save(id, {
        form: toDraftForm(form),
        attachments: attachments.value.map(({ slot, mediaId }) => ({ slot, mediaId })),
        version: server.value.version,
      })
      server.value = application
      source.value = null
      offline.value = false
      await keep()
      saveState.value = 'saved'
      return true
    } catch (error) {
      const why = refusalOf(error)
      saveState.value = why.offline ? 'offline' : 'refused'
      if (!why.offline) refusal.value = why
      return false
    }
  }

  /** Saves, then submits; the server judges the deadline and completeness, and says why not. */
  async function submit(): Promise<boolean> {
    if (!(await save())) return false
    try {
      const { application } = await applyApi.submit(id)
      server.value = application
      await keep()
      return true
    } catch (error) {
      const why = refusalOf(error)
      saveState.value = why.offline ? 'offline' : 'refused'
      if (!why.offline) refusal.value = why
      return false
    }
  }

  return {
    state,
    call,
    server,
    form,
    attachments,
    offline,
    source,
    keptAt,
    saveState,
    refusal,
    load,
    switchCopy,
    save,
    submit,
  }
}
