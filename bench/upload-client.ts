// The client side of bench/upload.ts, in a worker thread: its CPU (tus-js-client's 16 KiB writes,
// the PUT's 64 KiB chunks) is not spent on the server's event loop, as it would not be on a phone.
// Messages in: { kind: 'tus' | 'put', origin, cookie }; out: { seconds, media? } or { error }.
import { readFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { parentPort, workerData } from 'node:worker_threads'
import { Upload } from 'tus-js-client'
import type { MediaRecord } from '../src/shared/index.ts'

export interface ClientCommand {
  kind: 'tus' | 'put'
  origin: string
  cookie: string
}
export type ClientAnswer = { seconds: number; media?: MediaRecord } | { error: string }

const file = readFileSync((workerData as { path: string }).path)

function* chunksOf(body: Buffer, size: number): Generator<Buffer> {
  for (let at = 0; at < body.length; at += size) yield body.subarray(at, at + size)
}

/** A PUT streamed in 64 KiB chunks, as `fs.createReadStream(file).pipe(request)` sends a file. */
function plainPut(url: string, headers: Record<string, string>, body: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: 'PUT',
        headers: { ...headers, 'content-type': 'application/octet-stream', 'content-length': String(body.length) },
      },
      (res) => {
        res.resume()
        res.on('end', () => {
          if (res.statusCode === 204) resolve()
          else reject(new Error(`plain PUT answered ${String(res.statusCode)}`))
        })
      },
    )
    req.on('error', reject)
    void pipeline(Readable.from(chunksOf(body, 64 * 1024)), req).catch(reject)
  })
}

function tusUpload(body: Buffer, origin: string, cookie: string): Promise<MediaRecord> {
  return new Promise((resolve, reject) => {
    new Upload(body, {
      endpoint: `${origin}/api/uploads`,
      metadata: { purpose: 'work-media', filename: 'bench.mp4' },
      headers: { cookie, origin },
      retryDelays: [0, 250, 1000],
      onError: reject,
      onSuccess: ({ lastResponse }) => {
        try {
          resolve((JSON.parse(lastResponse.getBody()) as { media: MediaRecord }).media)
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)))
        }
      },
    }).start()
  })
}

parentPort!.on('message', (command: ClientCommand) => {
  const body = file
  const start = performance.now()
  const done =
    command.kind === 'tus'
      ? tusUpload(body, command.origin, command.cookie).then((media) => ({
          seconds: (performance.now() - start) / 1000,
          media,
        }))
      : plainPut(
          `${command.origin}/bench/plain-upload/peer`,
          { cookie: command.cookie, origin: command.origin },
          body,
        ).then(() => ({ seconds: (performance.now() - start) / 1000 }))
  done.then(
    (answer: ClientAnswer) => parentPort!.postMessage(answer),
    (error: unknown) => parentPort!.postMessage({ error: String(error) }),
  )
})
