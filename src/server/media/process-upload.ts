import { UPLOAD_RULES, type UploadPurpose } from '../../shared/index.ts'
import type { FinishedMedia } from '../services/media-service.ts'
import { detect, inspectMp4, inspectPdf, MediaRejected } from './inspect.ts'
import type { MediaStore } from './media-store.ts'
import { DOCUMENT_SIZES, ingestPhoto, PHOTO_SIZES } from './photo-ingest.ts'
import type { UploadSource } from './upload-source.ts'

/** Images are decoded in memory: larger ones (a 500 MB "work media" image) are refused before reading. */
const MAX_IMAGE_BYTES = 50 * 1024 * 1024

const EXTENSION = { pdf: 'pdf', mp4: 'mp4', quicktime: 'mov', m4a: 'm4a' } as const

/**
 * What a finished upload becomes, decided by its content and its purpose: photos are re-encoded
 * (photo-ingest.ts) and the upload dropped; PDFs, videos and audio are checked and moved into the
 * media store as `<id>/original.<ext>` (a key written once, under the media's fresh id), videos
 * with their location and device metadata boxes blanked. Throws MediaRejected with the reason.
 */
export async function processUpload(
  id: string,
  purpose: UploadPurpose,
  source: UploadSource,
  store: MediaStore,
): Promise<FinishedMedia> {
  const rule = UPLOAD_RULES[purpose]
  const found = await detect(source, rule.kinds)
  const none = {
    width: null,
    height: null,
    durationS: null,
    dominantColor: null,
    variants: [],
    original: null,
    video: null,
  }
  switch (found.kind) {
    case 'image': {
      if (source.size > MAX_IMAGE_BYTES)
        throw new MediaRejected(
          `图片文件过大 / image files may be at most ${String(MAX_IMAGE_BYTES / 1024 / 1024)} MB`,
          413,
        )
      const photo = await ingestPhoto(
        await source.readAll(),
        store,
        id,
        purpose === 'attachment' ? DOCUMENT_SIZES : PHOTO_SIZES,
      )
      return {
        ...none,
        kind: 'image',
        contentType: found.contentType,
        width: photo.width,
        height: photo.height,
        dominantColor: photo.dominantColor,
        variants: photo.variants,
      }
    }
    case 'pdf': {
      await inspectPdf(source)
      const key = `${id}/original.${EXTENSION.pdf}`
      await source.moveTo(store, key, found.contentType, [])
      return {
        ...none,
        kind: 'pdf',
        contentType: found.contentType,
        original: { key, contentType: found.contentType, bytes: source.size },
      }
    }
    case 'video':
    case 'audio': {
      const mp4 = await inspectMp4(source, found)
      if (!rule.kinds.includes(mp4.kind))
        throw new MediaRejected(
          `文件类型不符 / not an accepted file: this is ${mp4.kind === 'audio' ? 'audio without video' : 'a video'}; accepted here: ${rule.kinds.join(', ')}`,
        )
      const contentType =
        mp4.video.container === 'quicktime' ? 'video/quicktime' : mp4.kind === 'audio' ? 'audio/mp4' : 'video/mp4'
      const key = `${id}/original.${EXTENSION[mp4.video.container]}`
      await source.moveTo(store, key, contentType, mp4.privatePatches)
      return {
        ...none,
        kind: mp4.kind,
        contentType,
        width: mp4.video.width || null,
        height: mp4.video.height || null,
        durationS: mp4.video.durationS,
        original: { key, contentType, bytes: source.size },
        video: mp4.video,
      }
    }
  }
}
