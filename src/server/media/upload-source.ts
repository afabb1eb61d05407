import { createReadStream } from 'node:fs'
import { open, readFile } from 'node:fs/promises'
import { pipeline, type Readable, Transform } from 'node:stream'
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import type { BytePatch, MediaStore } from './media-store.ts'
import { FileMediaStore } from './media-store-file.ts'
import { S3MediaStore } from './media-store-s3.ts'
import type { ByteSource } from './mp4-boxes.ts'

/**
 * A finished upload's bytes where tus left them: read at random (to inspect), whole (photos,
 * bounded by their purpose's limit), or moved into the media store in the cheapest way the two
 * places allow (a rename on one disk, a server-side copy within one bucket, else a stream).
 */
export interface UploadSource extends ByteSource {
  readAll(): Promise<Buffer>
  moveTo(store: MediaStore, key: string, contentType: string, patches: readonly BytePatch[]): Promise<void>
}

/** `source` with the patched byte ranges overwritten as they pass; an error of the source ends it too. */
export function patched(source: Readable, patches: readonly BytePatch[]): Readable {
  return pipeline(source, patchStream(patches), () => {})
}

/** Overwrites the patched byte ranges of a stream as it passes. */
export function patchStream(patches: readonly BytePatch[]): Transform {
  let position = 0
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const end = position + chunk.length
      for (const patch of patches) {
        const from = Math.max(patch.offset, position)
        const to = Math.min(patch.offset + patch.bytes.length, end)
        if (from < to) {
          if (!Buffer.isBuffer(chunk)) chunk = Buffer.from(chunk)
          patch.bytes.copy(chunk, from - position, from - patch.offset, to - patch.offset)
        }
      }
      position = end
      done(null, chunk)
    },
  })
}

export function fileUploadSource(path: string, size: number): UploadSource {
  return {
    size,
    async read(start, length) {
      const handle = await open(path, 'r')
      try {
        const buffer = Buffer.alloc(length)
        const { bytesRead } = await handle.read(buffer, 0, length, start)
        return buffer.subarray(0, bytesRead)
      } finally {
        await handle.close()
      }
    },
    readAll: () => readFile(path),
    async moveTo(store, key, contentType, patches) {
      if (store instanceof FileMediaStore) return store.adoptFile(key, path, patches)
      await store.put(key, patched(createReadStream(path), patches), { contentType, bytes: size })
    },
  }
}

export function s3UploadSource(client: S3Client, bucket: string, objectKey: string, size: number): UploadSource {
  const get = async (range?: string) => {
    const object = await client.send(
      new GetObjectCommand({ Bucket: bucket, Key: objectKey, ...(range ? { Range: range } : {}) }),
    )
    return object.Body as Readable & { transformToByteArray(): Promise<Uint8Array> }
  }
  return {
    size,
    async read(start, length) {
      if (length === 0) return Buffer.alloc(0)
      return Buffer.from(
        await (await get(`bytes=${String(start)}-${String(start + length - 1)}`)).transformToByteArray(),
      )
    },
    readAll: async () => Buffer.from(await (await get()).transformToByteArray()),
    async moveTo(store, key, contentType, patches) {
      if (store instanceof S3MediaStore && store.bucket === bucket && patches.length === 0)
        return store.copyFromBucket(objectKey, key, contentType)
      await store.put(key, patched(await get(), patches), { contentType, bytes: size })
    },
  }
}
