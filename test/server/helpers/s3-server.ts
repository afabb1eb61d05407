import { mkdtempSync, rmSync } from 'node:fs'
import { readdir, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import S3rver from 's3rver'
import type { S3Config } from '../../../src/server/config.ts'

export interface LocalS3 {
  config: S3Config
  /** The same settings as environment variables, for loadConfig. */
  env: Record<string, string>
  stop(): Promise<void>
}

/** The few parts of Koa's context the shim reads and writes. */
interface KoaContext {
  method: string
  path: string
  query: Record<string, string | undefined>
  status: number
  body: unknown
  type: string
}

/**
 * s3rver 3.7.1 does not implement ListParts (GET ?uploadId=, "MethodNotAllowed") nor
 * AbortMultipartUpload (DELETE ?uploadId=, "MethodNotAllowed"), both of which @tus/s3-store
 * calls (ListParts on every HEAD and PATCH and after creating an upload, Abort to cancel one).
 * This answers them from the part files s3rver itself keeps, so the tus path can be tested end
 * to end; a real S3-compatible store has both. (ListMultipartUploads, which only the
 * start-up cleanup of orphans calls, stays unimplemented: that cleanup logs and carries on.)
 */
function multipartShim(directory: string) {
  return async (ctx: KoaContext, next: () => Promise<void>) => {
    const uploadId = ctx.query.uploadId
    if (!uploadId || (ctx.method !== 'GET' && ctx.method !== 'DELETE')) return next()
    const [, bucket, ...key] = ctx.path.split('/')
    const folder = join(directory, bucket!, '._S3rver_uploads', uploadId)
    const exists = await stat(folder).then(
      () => true,
      () => false,
    )
    if (!exists) {
      ctx.status = 404
      ctx.type = 'application/xml'
      ctx.body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message><UploadId>${uploadId}</UploadId></Error>`
      return
    }
    if (ctx.method === 'DELETE') {
      await rm(folder, { recursive: true, force: true })
      ctx.status = 204
      return
    }
    const numbers = (await readdir(folder))
      .filter((f) => /^\d+$/.test(f))
      .map(Number)
      .sort((a, b) => a - b)
    const parts = await Promise.all(
      numbers.map(async (n) => ({
        n,
        size: (await stat(join(folder, String(n)))).size,
        md5: (await readFile(join(folder, `${String(n)}.md5`), 'utf8')).trim(),
      })),
    )
    ctx.status = 200
    ctx.type = 'application/xml'
    ctx.body = `<?xml version="1.0" encoding="UTF-8"?><ListPartsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Bucket>${bucket!}</Bucket><Key>${key.join('/')}</Key><UploadId>${uploadId}</UploadId><PartNumberMarker>0</PartNumberMarker><NextPartNumberMarker>${String(numbers.at(-1) ?? 0)}</NextPartNumberMarker><MaxParts>10000</MaxParts><IsTruncated>false</IsTruncated>${parts
      .map(
        (p) =>
          `<Part><PartNumber>${String(p.n)}</PartNumber><LastModified>${new Date().toISOString()}</LastModified><ETag>"${p.md5}"</ETag><Size>${String(p.size)}</Size></Part>`,
      )
      .join('')}</ListPartsResult>`
  }
}

/**
 * s3rver (an S3-compatible server from npm, files in a temp folder) on a random loopback port,
 * with one bucket. Its fixed test credentials are S3RVER / S3RVER. `multipart: true` adds the
 * two multipart calls it lacks (see multipartShim).
 */
export async function startLocalS3(options: { bucket?: string; multipart?: boolean } = {}): Promise<LocalS3> {
  const bucket = options.bucket ?? 'zk-media'
  const directory = mkdtempSync(join(tmpdir(), 'zk-s3rver-'))
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  })
  if (options.multipart) server.middleware.unshift(multipartShim(directory))
  const { port } = await server.run()
  const config: S3Config = {
    endpoint: `http://127.0.0.1:${String(port)}`,
    bucket,
    region: 'us-east-1',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    forcePathStyle: true,
  }
  return {
    config,
    env: {
      S3_ENDPOINT: config.endpoint,
      S3_BUCKET: bucket,
      S3_REGION: config.region,
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_FORCE_PATH_STYLE: 'true',
    },
    async stop() {
      await server.close()
      rmSync(directory, { recursive: true, force: true })
    },
  }
}
