// A 100 MB video uploaded over loopback to the real app (buildApp, embedded database, files under
// a temporary DATA_DIR), signed in: with tus-js-client in Node, as the PWA will (one creation,
// one PATCH of the whole file, then the server checks the MP4 and moves it into the media
// store before answering), against the peer "plain-put", one HTTP PUT of the same bytes to a
// route this bench adds to the same server, behind the same sign-in and CSRF hooks, that streams
// the body to a file in the same DATA_DIR. ratio = ours / peer, in MB/s.
// Then the resume: the same upload through a loopback proxy that cuts the connection once half
// the file has passed; tus-js-client asks the server how much arrived (HEAD) and sends the rest.
// resume_overhead_pct = bytes the client sent beyond the file's size (headers included), as a
// percentage of the file.
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { createServer, connect, type AddressInfo, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { randomBytes } from 'node:crypto'
import { Upload } from 'tus-js-client'
import { buildApp } from '../src/server/app.ts'
import { loadConfig } from '../src/server/config.ts'
import { loadContent } from '../src/server/content/load-content.ts'
import { openDatabase } from '../src/server/db/connect.ts'
import { seedBases } from '../src/server/db/seed.ts'
import { createAccount } from '../src/server/services/account-service.ts'
import type { MediaRecord } from '../src/shared/index.ts'

export interface UploadFigure {
  bench: 'upload'
  mb: number
  ours_mb_s: number
  peer: 'plain-put'
  peer_mb_s: number
  ratio: number
  resume_overhead_pct: number
}

const round = (v: number, digits = 3) => Number(v.toPrecision(digits))
const MB = 1024 * 1024
/** Runs of each side; the median is reported. */
const RUNS = Number(process.env.BENCH_UPLOAD_RUNS ?? 3)

/** A valid MP4 of exactly `bytes`: the works' sample video followed by a top-level `free` box of random bytes. */
function paddedVideo(bytes: number): Buffer {
  const sample = readFileSync('public/media/works/video-fire-ice.mp4')
  const pad = randomBytes(bytes - sample.length)
  pad.writeUInt32BE(pad.length, 0)
  pad.write('free', 4, 'latin1')
  return Buffer.concat([sample, pad])
}

/** Forwards a loopback port to `target`, counting what clients send; cuts every connection once, when `cutAt` bytes have come through. */
function cuttingProxy(target: number, cutAt: number) {
  let sent = 0
  let cut = false
  const sockets = new Set<Socket>()
  const server = createServer((client) => {
    const upstream = connect(target, '127.0.0.1')
    sockets.add(client).add(upstream)
    client.on('data', (chunk: Buffer) => {
      sent += chunk.length
      if (!cut && sent >= cutAt) {
        cut = true
        client.destroy()
        upstream.destroy()
        return
      }
      if (!upstream.write(chunk)) client.pause()
    })
    upstream.on('drain', () => client.resume())
    upstream.pipe(client)
    for (const socket of [client, upstream]) {
      socket.on('error', () => { client.destroy(); upstream.destroy() })
      socket.on('close', () => { sockets.delete(socket); client.destroy(); upstream.destroy() })
    }
  })
  return {
    listen: () => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port))),
    sent: () => sent,
    wasCut: () => cut,
    close: () => new Promise<void>((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()) }),
  }
}

/**
 * A PUT of `body` with Node's http client (the transport tus-js-client uses in Node), streamed in
 * 64 KiB chunks as `fs.createReadStream(file).pipe(request)` would send a file.
 */
function plainPut(url: string, headers: Record<string, string>, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'PUT', headers: { ...headers, 'content-type': 'application/octet-stream', 'content-length': String(body.length) } }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('error', reject)
    void pipeline(Readable.from(chunksOf(body, 64 * 1024)), req).catch(reject)
  })
}

function* chunksOf(body: Buffer, size: number): Generator<Buffer> {
  for (let at = 0; at < body.length; at += size) yield body.subarray(at, at + size)
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

function tusUpload(file: Buffer, origin: string, cookie: string): Promise<MediaRecord> {
  return new Promise((resolve, reject) => {
    const upload = new Upload(file, {
      endpoint: `${origin}/api/uploads`,
      metadata: { purpose: 'work-media', filename: 'bench.mp4' },
      headers: { cookie, origin },
      retryDelays: [0, 250, 1000],
      removeFingerprintOnSuccess: true,
      onError: reject,
      onSuccess: ({ lastResponse }) => {
        try {
          resolve((JSON.parse(lastResponse.getBody()) as { media: MediaRecord }).media)
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)))
        }
      },
    })
    upload.start()
  })
}

export async function measureUpload(mb = Number(process.env.BENCH_UPLOAD_MB ?? 100)): Promise<UploadFigure> {
  const dataDir = mkdtempSync(join(tmpdir(), 'zk-bench-upload-'))
  const database = await openDatabase({ driver: 'pglite', dataDir: 'memory://' })
  try {
    await database.migrate()
    const content = await loadContent('content')
    if (!content.ok) throw new Error('upload: content/ does not build')
    await seedBases(database.db, content.content.bases)
    await createAccount(database.db, { username: 'bench-admin', password: 'bench-admin-password', displayName: 'bench', role: 'admin', status: 'active', baseId: null })
    const app = await buildApp(loadConfig({ LOG_LEVEL: 'silent', STATIC_DIR: '/nonexistent-static-dir', DATA_DIR: dataDir }), { db: database.db, content: content.content })
    // The peer: the same server, hooks and sign-in; the body streamed straight to a file.
    await app.register((scope, _options, done) => {
      scope.removeAllContentTypeParsers()
      scope.addContentTypeParser('*', (_request, _payload, next) => { next(null) })
      scope.put<{ Params: { name: string } }>('/bench/plain-upload/:name', { config: { auth: { roles: ['admin'] } } }, async (request, reply) => {
        await pipeline(request.raw, createWriteStream(join(dataDir, `plain-${request.params.name.replace(/\W/g, '')}`)))
        return reply.status(204).send()
      })
      done()
    })
    await app.listen({ host: '127.0.0.1', port: 0 })
    const port = (app.server.address() as AddressInfo).port
    const origin = `http://127.0.0.1:${String(port)}`
    try {
      const login = await fetch(`${origin}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify({ username: 'bench-admin', password: 'bench-admin-password' }) })
      if (!login.ok) throw new Error(`upload: login failed ${String(login.status)}`)
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!
      const file = paddedVideo(mb * MB)

      // Warm both paths once with a small file (JIT, first file in each folder).
      await tusUpload(paddedVideo(2 * MB), origin, cookie)
      await plainPut(`${origin}/bench/plain-upload/warm`, { cookie, origin }, file.subarray(0, 2 * MB))

      // Alternating runs, medians: a shared host's load moves single runs by a factor of two.
      const oursS: number[] = []
      const peerS: number[] = []
      for (let run = 0; run < RUNS; run++) {
        const oursStart = performance.now()
        const media = await tusUpload(file, origin, cookie)
        oursS.push((performance.now() - oursStart) / 1000)
        if (media.bytes !== file.length || media.kind !== 'video') throw new Error(`upload: unexpected media ${JSON.stringify(media)}`)
        const peerStart = performance.now()
        const status = await plainPut(`${origin}/bench/plain-upload/peer`, { cookie, origin }, file)
        peerS.push((performance.now() - peerStart) / 1000)
        if (status !== 204) throw new Error(`upload: plain PUT answered ${String(status)}`)
      }

      const proxy = cuttingProxy(port, file.length / 2)
      const proxyOrigin = `http://127.0.0.1:${String(await proxy.listen())}`
      try {
        const resumed = await tusUpload(file, proxyOrigin, cookie)
        if (!proxy.wasCut() || resumed.bytes !== file.length) throw new Error('upload: the resume run was not cut, or did not finish')
        const overhead = (proxy.sent() - file.length) / file.length * 100
        const ours = mb / median(oursS)
        const peer = mb / median(peerS)
        return { bench: 'upload', mb, ours_mb_s: round(ours), peer: 'plain-put', peer_mb_s: round(peer), ratio: round(ours / peer), resume_overhead_pct: round(overhead, 2) }
      } finally {
        await proxy.close()
      }
    } finally {
      await app.close()
    }
  } finally {
    await database.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
