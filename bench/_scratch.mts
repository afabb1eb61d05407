import { build } from 'vite'
import { chromium } from 'playwright-core'
import { createServer } from 'node:http'
import { readFileSync } from 'node:fs'
import { syntheticBases } from './synthetic-bases.ts'
await build({ configFile: false, root: '/work/main/bench/map', publicDir: false, logLevel: 'warn', build: { outDir: '/tmp/bt/out', emptyOutDir: true, minify: false, reportCompressedSize: false } })
const server = createServer((req, res) => { const f = '/tmp/bt/out' + (req.url === '/' ? '/index.html' : req.url!); try { const b = readFileSync(f); res.writeHead(200, { 'content-type': f.endsWith('.js') ? 'text/javascript' : f.endsWith('.css') ? 'text/css' : 'text/html' }); res.end(b) } catch { res.writeHead(404).end() } }).listen(8765)
const json = JSON.stringify(syntheticBases(10000, 42))
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless', '--disable-gpu'] })
const c = await b.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3 })
for (const kind of (process.argv[2] ?? 'ours').split(',')) {
  const p = await c.newPage()
  await p.goto('http://127.0.0.1:8765/')
  await p.evaluate(() => window.benchReady)
  await p.evaluate((j) => { (window as unknown as { data: unknown }).data = JSON.parse(j) }, json)
  const cdp = await c.newCDPSession(p)
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 })
  await cdp.send('Profiler.start')
  const r = await p.evaluate((k) => { const d = (window as unknown as { data: never }).data; return k === 'ours' ? window.runOurs(d) : window.runPeer(d) }, kind)
  const { profile } = await cdp.send('Profiler.stop')
  console.log(kind, JSON.stringify(r))
  const self = new Map<string, number>()
  const dt = profile.timeDeltas ?? []
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  ;(profile.samples ?? []).forEach((id, i) => { const n = byId.get(id)!; const cf = n.callFrame; const key = `${cf.functionName || '(anon)'} ${cf.url.split('/').pop()}:${cf.lineNumber}`; self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000) })
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25)
  for (const [k, v] of top) console.log(v.toFixed(1).padStart(8), k)
  await p.close()
}
await b.close(); server.close()
