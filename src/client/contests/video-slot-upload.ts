import { onBeforeUnmount, reactive } from 'vue'
import type { MediaRecord } from '../../shared/schemas/media.ts'
import { startVideoUpload, type VideoUpload, type VideoUploadEvent, type VideoUploadOptions } from './video-upload.ts'

/*
 * One slot's upload as the screen sees it: a state, the bytes the server has, and the server's
 * reason when it refused the file. A thin reactive wrapper over video-upload.ts; the screen hands
 * the finished media to the entry (contestsApi.attachVideo), which checks it against the slot's rule.
 */

export type SlotUploadState = 'idle' | 'preparing' | 'uploading' | 'waiting' | 'paused' | 'done' | 'refused' | 'failed'

export interface SlotUpload {
  state: SlotUploadState
  filename: string
  sent: number
  total: number
  /** This upload carried on from bytes the server already had (after a reload or a drop). */
  resumed: boolean
  /** The server's words when it refused the file; null when it gave none. */
  refusal: string | null
}

/** The next state after an event from the upload: a pure step, tested on its own. */
export function applyUploadEvent(upload: SlotUpload, event: VideoUploadEvent): void {
  switch (event.kind) {
    case 'progress':
      // A progress report that arrives after a pause (the request in flight) must not undo it.
      if (upload.state !== 'paused') upload.state = 'uploading'
      upload.sent = event.sent
      upload.total = event.total
      break
    case 'resumed':
      upload.resumed = true
      break
    case 'waiting':
      upload.state = 'waiting'
      break
    case 'done':
      upload.state = 'done'
      upload.sent = upload.total
      break
    case 'refused':
      upload.state = 'refused'
      upload.refusal = event.message
      break
    case 'failed':
      upload.state = 'failed'
      upload.refusal = event.message
      break
  }
}

export function useSlotUpload(
  target: () => { entryId: string; slot: string },
  onDone: (media: MediaRecord) => void,
  options?: VideoUploadOptions,
) {
  const upload = reactive<SlotUpload>({
    state: 'idle',
    filename: '',
    sent: 0,
    total: 0,
    resumed: false,
    refusal: null,
  })
  let handle: VideoUpload | null = null

  async function start(file: File): Promise<void> {
    if (handle && ['uploading', 'waiting', 'paused'].includes(upload.state)) handle.pause()
    Object.assign(upload, {
      state: 'preparing',
      filename: file.name,
      sent: 0,
      total: file.size,
      resumed: false,
      refusal: null,
    })
    handle = await startVideoUpload(
      file,
      target(),
      (event) => {
        applyUploadEvent(upload, event)
        if (event.kind === 'done') onDone(event.media)
      },
      options,
    )
  }
  function pause(): void {
    if (upload.state !== 'uploading' && upload.state !== 'waiting' && upload.state !== 'preparing') return
    upload.state = 'paused'
    handle?.pause()
  }
  function resume(): void {
    if (upload.state !== 'paused' && upload.state !== 'waiting' && upload.state !== 'failed') return
    upload.state = 'uploading'
    upload.refusal = null
    handle?.resume()
  }
  /** Back to no upload (a finished one is the entry's now, or was refused by it). */
  function reset(): void {
    handle = null
    Object.assign(upload, { state: 'idle', filename: '', sent: 0, total: 0, resumed: false, refusal: null })
  }
  async function cancel(): Promise<void> {
    await handle?.cancel()
    reset()
  }
  // Leaving the screen stops sending; the server keeps what it has, and picking the file again resumes.
  onBeforeUnmount(() => {
    if (upload.state !== 'done') handle?.pause()
  })
  return { upload, start, pause, resume, cancel, reset }
}
