import type { Account, EditorWork, EditorWorkListItem, WorkDocumentInput, WorkState } from '../../../shared/index.ts'
import type { PublishedWork, WorkHistoryEntry } from '../../../shared/schemas/work-edit.ts'
import { apiRequest } from '../../api/http.ts'

/*
 * The works editor's requests (routes: server/routes/works.ts). Only editors reach these screens,
 * so the schemas load with the first request rather than with the app.
 */
const schemas = () => import('../../../shared/schemas/work-edit.ts')
const workResponse = () => schemas().then((m) => m.editorWorkResponse)
const path = (id: string, rest = '') => `/api/editor/works/${encodeURIComponent(id)}${rest}`

export type WorkStep = 'submit' | 'approve' | 'publish' | 'unpublish'

export async function listEditorWorks(state: WorkState | null): Promise<EditorWorkListItem[]> {
  const query = state ? `?state=${state}` : ''
  return (await apiRequest(`/api/editor/works${query}`, { response: schemas().then((m) => m.editorWorksResponse) }))
    .works
}

export async function loadEditorWork(id: string): Promise<EditorWork> {
  return (await apiRequest(path(id), { response: workResponse() })).work
}

export async function createEditorWork(document: WorkDocumentInput): Promise<EditorWork> {
  return (await apiRequest('/api/editor/works', { method: 'POST', body: { document }, response: workResponse() })).work
}

/** Saves the draft made on `version`; someone else's newer save is a 409 (ApiRequestError). */
export async function saveEditorWork(id: string, version: number, document: WorkDocumentInput): Promise<EditorWork> {
  return (await apiRequest(path(id), { method: 'PUT', body: { version, document }, response: workResponse() })).work
}

export async function stepEditorWork(id: string, step: WorkStep, version: number): Promise<EditorWork> {
  return (await apiRequest(path(id, `/${step}`), { method: 'POST', body: { version }, response: workResponse() })).work
}

export async function returnEditorWork(id: string, version: number, reason: string): Promise<EditorWork> {
  return (
    await apiRequest(path(id, '/return'), { method: 'POST', body: { version, reason }, response: workResponse() })
  ).work
}

export async function previewEditorWork(id: string): Promise<PublishedWork> {
  const { z } = await import('zod')
  const response = schemas().then((m) => z.object({ work: m.publishedWork }))
  return (await apiRequest(path(id, '/preview'), { response })).work
}

export async function editorWorkHistory(id: string): Promise<WorkHistoryEntry[]> {
  return (await apiRequest(path(id, '/history'), { response: schemas().then((m) => m.workHistoryResponse) })).entries
}

/** The admin's switch: may this base staff account edit works? */
export async function setWorksEditor(accountId: string, allowed: boolean): Promise<Account> {
  const response = import('../../../shared/schemas/api.ts').then((m) => m.accountResponse)
  return (
    await apiRequest(`/api/admin/accounts/${encodeURIComponent(accountId)}/works-editor`, {
      method: 'PUT',
      body: { allowed },
      response,
    })
  ).account
}
