import { existsSync } from 'node:fs'
import { unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { DeleteObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { FileStore } from '@tus/file-store'
import { S3Store } from '@tus/s3-store'
import { Server, type ServerOptions } from '@tus/server'
import type { AppConfig } from '../config.ts'
import { s3ClientConfig } from './media-store-s3.ts'
import { fileUploadSource, s3UploadSource, type UploadSource } from './upload-source.ts'

/*
 * The tus server and where it keeps unfinished uploads: files under DATA_DIR/uploads, or the S3
 * bucket under `uploads/` (a multipart upload per tus upload, @tus/s3-store). Upload ids in URLs
 * are UUIDs the server made (routes/uploads.ts); `storeId` maps them to the store's names.
 */

export const UPLOADS_PATH = '/api/uploads'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
export const isUploadId = (value: string) => UUID.test(value)

export interface UploadBackend {
  readonly server: Server
  readonly kind: 'file' | 's3'
  /** The finished upload's bytes (`size` as declared: tus has checked it arrived whole). */
  source(id: string, size: number): UploadSource
  /** Deletes what tus stored for an upload (data, info, parts); what is already gone is fine. */
  remove(id: string): Promise<void>
  /** Uploads older than the expiry that the store still holds (the database sweep deletes the known ones first). */
  deleteExpired(): Promise<number>
}

export type UploadHooks = Pick<ServerOptions, 'onUploadFinish' | 'maxSize'> & {
  /** The id the request was given before tus saw it (routes/uploads.ts). */
  idFor(request: Request): string
}

export function createUploadBackend(
  config: Pick<AppConfig, 'dataDir' | 's3'>,
  expiryMs: number,
  hooks: UploadHooks,
): UploadBackend {
  const s3 = config.s3
  const storeId = (id: string) => (s3 ? `uploads/${id}` : id)
  const directory = join(config.dataDir, 'uploads')
  const datastore = s3
    ? new S3Store({
        s3ClientConfig: { ...s3ClientConfig(s3), bucket: s3.bucket },
        expirationPeriodInMilliseconds: expiryMs,
        useTags: false,
      })
    : new FileStore({ directory, expirationPeriodInMilliseconds: expiryMs })
  const client = s3 ? new S3Client(s3ClientConfig(s3)) : null

  const server = new Server({
    path: UPLOADS_PATH,
    datastore,
    maxSize: hooks.maxSize,
    // Same origin only: no CORS headers at all (the CSRF check in plugins/auth.ts guards writes).
    allowedOrigins: [],
    namingFunction: (request) => storeId(hooks.idFor(request)),
    // Relative, so it is right behind any proxy: tus-js-client resolves it against the endpoint.
    generateUrl: (_request, { path, id }) => `${path}/${id.slice(id.lastIndexOf('/') + 1)}`,
    getFileIdFromRequest: (_request, lastPath) => (lastPath && isUploadId(lastPath) ? storeId(lastPath) : undefined),
    onUploadFinish: hooks.onUploadFinish,
  })

  return {
    server,
    kind: s3 ? 's3' : 'file',
    source: (id, size) =>
      s3 && client ? s3UploadSource(client, s3.bucket, storeId(id), size) : fileUploadSource(join(directory, id), size),
    async remove(id) {
      if (!s3 || !client) {
        for (const path of [join(directory, id), join(directory, `${id}.json`)]) {
          await unlink(path).catch((error: NodeJS.ErrnoException) => {
            if (error.code !== 'ENOENT') throw error
          })
        }
        return
      }
      // Aborts the multipart upload of an unfinished one (a finished one has none left).
      await datastore.remove(storeId(id)).catch(() => {})
      for (const key of [storeId(id), `${storeId(id)}.info`, `${storeId(id)}.part`]) {
        await client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: key }))
      }
    },
    async deleteExpired() {
      if (!s3 && !existsSync(directory)) return 0
      return datastore.deleteExpired()
    },
  }
}
