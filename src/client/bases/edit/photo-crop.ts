/*
 * A simple aspect crop, done on the phone before the upload: the photo is cut to 4:3, 16:9 or 1:1
 * around a point the user slides along its long side, and sent as a JPEG no wider than the
 * server's largest size needs. That is also far fewer bytes to send on a weak connection.
 * "Original" sends the file untouched, so the server judges it (and says why it refuses one).
 */

export const PHOTO_ASPECTS = ['original', '4:3', '16:9', '1:1'] as const
export type PhotoAspect = (typeof PHOTO_ASPECTS)[number]

/** The server's largest photo width is 1600 (media/photo-ingest.ts); some headroom for a sharp resize. */
export const MAX_CROPPED_WIDTH = 2400

export interface CropRect {
  x: number
  y: number
  width: number
  height: number
}

/**
 * The part of a `width`×`height` image kept for `aspect`: as large as fits, its position along the
 * cut side set by `position` (0 = left or top, 0.5 = centre, 1 = right or bottom).
 */
export function cropRect(
  width: number,
  height: number,
  aspect: Exclude<PhotoAspect, 'original'>,
  position: number,
): CropRect {
  const [w = 1, h = 1] = aspect.split(':').map(Number)
  const ratio = w / h
  const clamped = Math.min(Math.max(position, 0), 1)
  if (width / height > ratio) {
    const cropWidth = Math.round(height * ratio)
    return { x: Math.round((width - cropWidth) * clamped), y: 0, width: cropWidth, height }
  }
  const cropHeight = Math.round(width / ratio)
  return { x: 0, y: Math.round((height - cropHeight) * clamped), width, height: cropHeight }
}

export class NotAnImage extends Error {
  override name = 'NotAnImage'
}

/**
 * The cropped photo as a JPEG (EXIF rotation applied, metadata gone). Throws NotAnImage when the
 * phone cannot decode the file at all.
 */
export async function cropPhoto(file: Blob, aspect: Exclude<PhotoAspect, 'original'>, position: number): Promise<Blob> {
  let bitmap: ImageBitmap
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' })
  } catch {
    throw new NotAnImage('the file does not decode as an image')
  }
  try {
    const rect = cropRect(bitmap.width, bitmap.height, aspect, position)
    const scale = Math.min(1, MAX_CROPPED_WIDTH / rect.width)
    const canvas = document.createElement('canvas')
    canvas.width = Math.round(rect.width * scale)
    canvas.height = Math.round(rect.height * scale)
    const context = canvas.getContext('2d')
    if (!context) throw new Error('no 2D canvas')
    context.drawImage(bitmap, rect.x, rect.y, rect.width, rect.height, 0, 0, canvas.width, canvas.height)
    return await new Promise<Blob>((resolve, reject) => {
      canvas.toBlob(
        (blob) => (blob ? resolve(blob) : reject(new Error('the crop could not be encoded'))),
        'image/jpeg',
        0.9,
      )
    })
  } finally {
    bitmap.close()
  }
}
