import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * The network between a happy-dom page and a real test server: a proxy that adds the Origin header
 * a browser sends on every write (happy-dom's XMLHttpRequest sends none, and the server's CSRF check
 * needs it), and that can cut a request off part-way through its body, as a phone losing signal does.
 */
export interface BrowserNetwork {
  origin: string
  /** Cuts the connection of the next request that `matches`, after `afterBytes` of its body. */
  dropNext(matches: (request: IncomingMessage) => boolean, afterBytes: number): void
  /** Every request that passed, as `METHOD path Upload-Offset`. */
  log: string[]
  close(): Promise<void>
}

export async function browserNetwork(target: string): Promise<BrowserNetwork> {
  let drop: { matches: (request: IncomingMessage) => boolean; afterBytes: number } | null = null
  const log: string[] = []
  let origin = ''
  const server: Server = createServer((incoming, outgoing) => {
    log.push(`${incoming.method ?? ''} ${incoming.url ?? ''} ${String(incoming.headers['upload-offset'] ?? '')}`.trim())
    const headers = { ...incoming.headers }
    if (incoming.method !== 'GET' && incoming.method !== 'HEAD') headers.origin = origin
    const upstream = httpRequest(`${target}${incoming.url ?? '/'}`, { method: incoming.method, headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(outgoing)
    })
    upstream.on('error', () => outgoing.destroy())
    const cut = drop && drop.matches(incoming) ? drop : null
    if (cut) drop = null
    let sent = 0
    incoming.on('data', (chunk: Buffer) => {
      if (cut && sent + chunk.length > cut.afterBytes) {
        upstream.write(chunk.subarray(0, Math.max(0, cut.afterBytes - sent)))
        upstream.destroy()
        incoming.socket.destroy()
        return
      }
      sent += chunk.length
      upstream.write(chunk)
    })
    incoming.on('end', () => upstream.end())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`
  return {
    origin,
    log,
    dropNext(matches, afterBytes) {
      drop = { matches, afterBytes }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
