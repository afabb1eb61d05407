// A 100 MB video uploaded over loopback to the real app (buildApp, embedded database, files under
// a temporary DATA_DIR), signed in: with tus-js-client in Node, as the PWA will (one creation,
// one PATCH of the whole file, then the server checks the MP4 and moves it into the media
// store before answering), against the peer "plain-put", one HTTP PUT of the same bytes to a
// route this bench adds to the same server, behind the same sign-in and CSRF hooks, that streams
// the body to a file in the same DATA_DIR. ratio = ours / peer, in MB/s, medians of 3 alternating
// runs after one unmeasured round. Both clients run in a worker thread (bench/upload-client.ts),
// so their CPU is not taken from the server's event loop.
// Then the resume: the same upload through a loopback proxy that cuts the connection once half
// the file has passed; tus-js-client asks the server how much arrived (HEAD) and sends the rest.
// resume_overhead_pct = bytes the client sent beyond the file's size (headers included), as a
// percentage of the file.
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, connect, type AddressInfo, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { randomBytes } from 'node:crypto'
import { Worker } from 'node:worker_threads'
import { buildApp } from '../src/server/app.ts'
import { loadConfig } from '../src/server/config.ts'
import { loadContent } from '../src/server/content/load-content.ts'
import { openDatabase } from '../src/server/db/connect.ts'
import { seedBases } from '../src/server/db/seed.ts'
import { createAccount } from '../src/server/services/account-service.ts'
import type { MediaRecord } from '../src/shared/index.ts'
import type { ClientAnswer, ClientCommand } from './upload-client.ts'

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
      socket.on('error', () => {
        client.destroy()
        upstream.destroy()
      })
      socket.on('close', () => {
        sockets.delete(socket)
        client.destroy()
        upstream.destroy()
      })
    }
  })
  return {
    listen: () =>
      new Promise<number>((resolve) =>
        server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
      ),
    sent: () => sent,
    wasCut: () => cut,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

/** The client thread (bench/upload-client.ts), one command at a time. */
function startClient(path: string) {
  // A worker does not inherit this process's `--import tsx`: it registers tsx, then loads the client.
  const entry = new URL('./upload-client.ts', import.meta.url).href
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}) })`
  const worker = new Worker(bootstrap, { eval: true, workerData: { path } })
  return {
    run: (command: ClientCommand) =>
      new Promise<{ seconds: number; media?: MediaRecord }>((resolve, reject) => {
        worker.once('message', (answer: ClientAnswer) => {
          if ('error' in answer) reject(new Error(`upload: ${answer.error}`))
          else resolve(answer)
        })
        worker.postMessage(command)
      }),
    stop: () => worker.terminate(),
  }
}

export async function measureUpload(mb = Number(process.env.BENCH_UPLOAD_MB ?? 100)): Promise<UploadFigure> {
  const dataDir = mkdtempSync(join(tmpdir(), 'zk-bench-upload-'))
  const database = await openDatabase({ driver: 'pglite', dataDir: 'memory://' })
  try {
    await database.migrate()
    const content = await loadContent('content')
    if (!content.ok) throw new Error('upload: content/ does not build')
    await seedBases(database.db, content.content.bases)
    await createAccount(database.db, {
      username: 'bench-admin',
      password: 'bench-admin-password',
      displayName: 'bench',
      role: 'admin',
      status: 'active',
      baseId: null,
    })
    const app = await buildApp(
      loadConfig({ LOG_LEVEL: 'silent', STATIC_DIR: '/nonexistent-static-dir', DATA_DIR: dataDir }),
      { db: database.db, content: content.content },
    )
    // The peer: the same server, hooks and sign-in; the body streamed straight to a file.
    await app.register((scope, _options, done) => {
      scope.removeAllContentTypeParsers()
      scope.addContentTypeParser('*', (_request, _payload, next) => {
        next(null)
      })
      scope.put<{ Params: { name: string } }>(
        '/bench/plain-upload/:name',
        { config: { auth: { roles: ['admin'] } } },
        async (request, reply) => {
          await pipeline(
            request.raw,
            createWriteStream(join(dataDir, `plain-${request.params.name.replace(/\W/g, '')}`)),
          )
          return reply.status(204).send()
        },
      )
      done()
    })
    await app.listen({ host: '127.0.0.1', port: 0 })
    const port = (app.server.address() as AddressInfo).port
    const origin = `http://127.0.0.1:${String(port)}`
    try {
      const login = await fetch(`${origin}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin },
        body: JSON.stringify({ username: 'bench-admin', password: 'bench-admin-password' }),
      })
      if (!login.ok) throw new Error(`upload: login failed ${String(login.status)}`)
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!
      const file = paddedVideo(mb * MB)
      const path = join(dataDir, 'bench-file.mp4')
      writeFileSync(path, file)
      const client = startClient(path)
      try {
        // One unmeasured round first (JIT, first files in each folder), then alternating runs and
        // medians: a shared host's load moves single runs by a factor of two.
        const oursS: number[] = []
        const peerS: number[] = []
        for (let run = 0; run <= RUNS; run++) {
          const ours = await client.run({ kind: 'tus', origin, cookie })
          if (ours.media?.bytes !== file.length || ours.media.kind !== 'video')
            throw new Error(`upload: unexpected media ${JSON.stringify(ours.media)}`)
          const peer = await client.run({ kind: 'put', origin, cookie })
          if (run > 0) {
            oursS.push(ours.seconds)
            peerS.push(peer.seconds)
          }
        }

        const proxy = cuttingProxy(port, file.length / 2)
        const proxyOrigin = `http://127.0.0.1:${String(await proxy.listen())}`
        try {
          const resumed = await client.run({ kind: 'tus', origin: proxyOrigin, cookie })
          if (!proxy.wasCut() || resumed.media?.bytes !== file.length)
            throw new Error('upload: the resume run was not cut, or did not finish')
          const overhead = ((proxy.sent() - file.length) / file.length) * 100
          const ours = mb / median(oursS)
          const peer = mb / median(peerS)
          if (process.env.BENCH_VERBOSE)
            console.error(
              `upload runs (s): ours ${oursS.map((v) => v.toFixed(2)).join(' ')}; peer ${peerS.map((v) => v.toFixed(2)).join(' ')}`,
            )
          return {
            bench: 'upload',
            mb,
            ours_mb_s: round(ours),
            peer: 'plain-put',
            peer_mb_s: round(peer),
            ratio: round(ours / peer),
            resume_overhead_pct: round(overhead, 2),
          }
        } finally {
          await proxy.close()
        }
      } finally {
        await client.stop()
      }
    } finally {
      await app.close()
    }
  } finally {
    await database.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
