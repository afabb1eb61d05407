import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { Metadata, type Upload } from '@tus/server'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { ROLES, UPLOAD_RULES, uploadMetadata, type Account, type UploadPurpose } from '../../shared/index.ts'
import { HttpError } from '../http-error.ts'
import { MediaRejected } from '../media/inspect.ts'
import { processUpload } from '../media/process-upload.ts'
import { createUploadBackend, isUploadId, UPLOADS_PATH, type UploadBackend } from '../media/upload-backend.ts'
import { apiErrorBody } from '../plugins/errors.ts'
import {
  claimUploadForFinish,
  completeUpload,
  findOwnUpload,
  forgetUpload,
  keysOf,
  recordUpload,
  sweepExpiredUploads,
  toMediaRecord,
  UPLOAD_EXPIRY_MS,
} from '../services/media-service.ts'
import type { RouteDeps, ZodApp } from './types.ts'

/*
 * Resumable uploads (tus 1.0, @tus/server) under /api/uploads. Fastify routes each method to the
 * tus server after our own checks, which answer in the API's JSON error shape:
 *   - POST (create): signed in, a known `purpose` in Upload-Metadata that this role may use, an
 *     Upload-Length within the purpose's limit (no deferred length), and under the account's
 *     limit of unfinished uploads. The server makes the id (a UUID; the media keeps it).
 *   - HEAD, PATCH, DELETE: only the account that created the upload; to anyone else it does not
 *     exist (404). tus itself holds each PATCH to the declared length.
 * The body is never parsed: the scope's only content-type parser hands the raw request to tus.
 * The last PATCH checks the content and stores it (media/process-upload.ts) before it answers:
 * 200 with `{ media }`, or the reason it was refused (the upload is then deleted).
 */

/** A refusal from inside a tus hook: @tus/server answers with its `status_code` and `body`. */
class TusRefusal extends Error {
  constructor(
    readonly status_code: number,
    readonly body: string,
  ) {
    super(body)
  }
}

/** What our checks found out about a request, for the tus hooks that run inside it. */
interface UploadContext {
  id: string
  account: Account
  maxBytes: number
}

// Uploads and media are none of the public data the caches are versioned by (app.ts), and change
// no account: every chunk of a video need not make the instances forget their sessions.
const signedIn = { auth: { roles: ROLES }, publicData: 'unchanged' as const, sessions: 'unchanged' as const }

export function uploadRoutes(app: ZodApp, { db, config, now, media }: RouteDeps): void {
  const contexts = new WeakMap<Request, UploadContext>()
  const contextOf = (request: Request): UploadContext => {
    const context = contexts.get(request)
    if (!context) throw new Error('tus request without an upload context')
    return context
  }

  async function onUploadFinish(request: Request, upload: Upload) {
    const context = contextOf(request)
    const claimed = await claimUploadForFinish(db, context.id)
    if (!claimed) throw new TusRefusal(409, 'this upload is already being finished')
    const store = backend()
    let record
    try {
      const finished = await processUpload(
        claimed.id,
        claimed.purpose,
        store.source(claimed.id, upload.size ?? claimed.length),
        media,
      )
      try {
        record = toMediaRecord(await completeUpload(db, claimed, finished, now()))
      } catch (error) {
        await Promise.all(keysOf(finished).map((key) => media.delete(key).catch(() => {})))
        throw error
      }
    } catch (error) {
      await store.remove(claimed.id).catch(() => {})
      await forgetUpload(db, claimed.id)
      if (error instanceof MediaRejected) throw new TusRefusal(error.statusCode, error.message)
      app.log.error({ err: error, upload: claimed.id }, 'storing a finished upload failed')
      throw new TusRefusal(500, 'the upload arrived but could not be stored; please upload it again')
    }
    await store.remove(claimed.id).catch((error: unknown) => {
      app.log.warn({ err: error, upload: claimed.id }, 'could not delete a finished upload')
    })
    // tus answers a creation with 201 and its Location; only a PATCH's status is ours to set.
    return {
      ...(request.method === 'PATCH' ? { status_code: 200 } : {}),
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ media: record }),
    }
  }

  let created: UploadBackend | undefined
  const backend = () =>
    (created ??= createUploadBackend(config, UPLOAD_EXPIRY_MS, {
      idFor: (request) => contextOf(request).id,
      maxSize: (request) => contextOf(request).maxBytes,
      onUploadFinish,
    }))

  /** Runs tus on a request our checks let through, and answers with what tus answered. */
  async function toTus(request: FastifyRequest, reply: FastifyReply, context: UploadContext) {
    const hasBody = request.method === 'POST' || request.method === 'PATCH'
    const headers = new Headers()
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value)
    }
    // `duplex: 'half'` lets a request body stream in (Node's fetch types do not list it yet).
    const init: RequestInit & { duplex?: 'half' } = { method: request.method, headers }
    if (hasBody) Object.assign(init, { body: Readable.toWeb(request.raw), duplex: 'half' })
    const webRequest = new Request(`http://${request.host}${request.url}`, init)
    contexts.set(webRequest, context)
    const response = await backend().server.handleWeb(webRequest)
    const body = await response.text()
    reply.status(response.status)
    for (const [name, value] of response.headers) {
      if (!/^(access-control-|content-length$)/i.test(name)) void reply.header(name, value)
    }
    if (response.status >= 400 && !body.startsWith('{')) {
      return reply
        .type('application/json; charset=utf-8')
        .send(apiErrorBody(response.status, body.trim() || 'upload refused'))
    }
    return reply.send(body === '' ? undefined : body)
  }

  async function ownUpload(request: FastifyRequest<{ Params: { id: string } }>): Promise<UploadContext> {
    const account = request.account!
    const id = request.params.id
    const upload = isUploadId(id) ? await findOwnUpload(db, id, account.id, now()) : null
    if (!upload)
      throw new HttpError(404, '没有这个上传 / no such upload (it may have expired, been cancelled or finished)')
    if (request.method !== 'HEAD' && upload.state === 'finishing')
      throw new HttpError(409, '上传已完成，正在处理 / this upload is complete and being stored')
    return { id, account, maxBytes: UPLOAD_RULES[upload.purpose].maxBytes }
  }

  void app.register((scope, _options, done) => {
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser('*', (_request, _payload, done) => {
      done(null)
    })

    scope.post(
      UPLOADS_PATH,
      {
        config: signedIn,
        schema: {
          tags: ['uploads'],
          summary: 'Start a resumable upload (tus 1.0 creation): Upload-Length, Upload-Metadata with purpose',
          description: uploadDescription(),
        },
      },
      async (request, reply) => {
        const account = request.account!
        const { purpose, filename, length } = creationRequest(request, account)
        // Expired uploads go first: the account's own stop counting, and the disk gets their space back.
        await sweepExpiredUploads(db, now(), (id) => backend().remove(id), 20).catch((error: unknown) => {
          request.log.warn({ err: error }, 'deleting expired uploads failed; the next creation retries')
        })
        const id = randomUUID()
        await recordUpload(db, { id, account, purpose, length, filename }, now())
        const context = { id, account, maxBytes: UPLOAD_RULES[purpose].maxBytes }
        try {
          const answer = await toTus(request, reply, context)
          if (reply.statusCode >= 400) await forgetUpload(db, id)
          return answer
        } catch (error) {
          await forgetUpload(db, id)
          throw error
        }
      },
    )

    scope.route<{ Params: { id: string } }>({
      method: ['HEAD', 'PATCH'],
      url: `${UPLOADS_PATH}/:id`,
      config: signedIn,
      schema: {
        tags: ['uploads'],
        summary:
          'HEAD: how many bytes arrived (Upload-Offset). PATCH: send more from that offset (application/offset+octet-stream)',
      },
      handler: async (request, reply) => toTus(request, reply, await ownUpload(request)),
    })

    scope.delete<{ Params: { id: string } }>(
      `${UPLOADS_PATH}/:id`,
      {
        config: signedIn,
        schema: { tags: ['uploads'], summary: 'Cancel an unfinished upload (tus termination)' },
      },
      async (request, reply) => {
        const context = await ownUpload(request)
        const answer = await toTus(request, reply, context)
        if (reply.statusCode < 400) await forgetUpload(db, context.id)
        return answer
      },
    )
    done()
  })

  // At start: expired uploads the database knows, then any the store holds that it does not
  // (left by a crash between the two). Nothing is created on disk for a server that never had uploads.
  app.addHook('onReady', async () => {
    if (!config.s3 && !existsSync(join(config.dataDir, 'uploads'))) return
    try {
      await sweepExpiredUploads(db, now(), (id) => backend().remove(id), 1000)
      await backend().deleteExpired()
    } catch (error) {
      app.log.warn({ err: error }, 'cleaning expired uploads at start failed; the next upload retries')
    }
  })
}

/** The checks of a creation that need no database: purpose, role, declared length, file name. */
function creationRequest(
  request: FastifyRequest,
  account: Account,
): { purpose: UploadPurpose; filename: string | null; length: number } {
  let raw: Record<string, string | null>
  try {
    raw = Metadata.parse(request.headers['upload-metadata'] as string | undefined)
  } catch {
    throw new HttpError(400, 'Upload-Metadata: not valid tus metadata (comma-separated "key base64value" pairs)')
  }
  const parsed = uploadMetadata.safeParse({
    purpose: raw.purpose ?? undefined,
    filename: raw.filename ?? raw.name ?? undefined,
  })
  if (!parsed.success) {
    throw new HttpError(
      400,
      `Upload-Metadata: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')} (purpose is one of ${Object.keys(UPLOAD_RULES).join(', ')})`,
    )
  }
  const { purpose, filename } = parsed.data
  const rule = UPLOAD_RULES[purpose]
  if (!rule.roles.includes(account.role))
    throw new HttpError(403, `没有权限 / your role may not upload for "${purpose}"`)
  if (filename !== undefined && /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/.test(filename))
    throw new HttpError(400, 'Upload-Metadata: filename contains control or bidi characters')
  const declared = request.headers['upload-length']
  if (declared === undefined)
    throw new HttpError(
      400,
      'Upload-Length is required: deferred lengths are not accepted, the size is checked before any byte is sent',
    )
  const length = Number(declared)
  if (!/^\d{1,15}$/.test(String(declared)) || !Number.isSafeInteger(length))
    throw new HttpError(400, 'Upload-Length: not a whole number of bytes')
  if (length > rule.maxBytes) {
    throw new HttpError(
      413,
      `文件过大 / too large: ${formatMb(length)} MB; a "${purpose}" upload may be at most ${formatMb(rule.maxBytes)} MB (${String(rule.maxBytes)} bytes)`,
    )
  }
  return { purpose, filename: filename ?? null, length }
}

const formatMb = (bytes: number) => String(Math.round((bytes / 1024 / 1024) * 10) / 10)

function uploadDescription(): string {
  const rules = Object.entries(UPLOAD_RULES).map(
    ([purpose, rule]) =>
      `${purpose}: ${formatMb(rule.maxBytes)} MB, ${rule.kinds.join('/')}, for ${rule.roles.join('/')}`,
  )
  return `tus 1.0 (creation, termination, expiration). Upload-Metadata: purpose (required), filename (optional, display only). Limits: ${rules.join('; ')}. The last PATCH answers 200 with { media }.`
}
