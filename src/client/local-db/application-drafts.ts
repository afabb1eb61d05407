import { localDb, type ApplicationDraftCopy } from './local-db.ts'

/*
 * 申报 drafts on the applicant's phone (naming/apply/application-draft-store.ts): written on every
 * change of the form, so a reload or a lost signal keeps what was typed, and read first when the
 * form opens, before (or without) the server.
 */

export function getApplicationDraft(id: string): Promise<ApplicationDraftCopy | undefined> {
  return localDb.applicationDrafts.get(id)
}

export async function putApplicationDraft(copy: ApplicationDraftCopy): Promise<void> {
  // Dexie clones what it stores: Vue's reactive proxies would not survive structured cloning.
  await localDb.applicationDrafts.put(JSON.parse(JSON.stringify(copy)) as ApplicationDraftCopy)
}

export async function dropApplicationDraft(id: string): Promise<void> {
  await localDb.applicationDrafts.delete(id)
}
