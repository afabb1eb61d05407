import { chromium } from 'playwright-core'
import { startRealServer } from '/work/main/bench/real-server.ts'
const routes = process.argv.slice(2)
const server = await startRealServer()
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] })
for (const route of routes) {
  const ctx = await browser.newContext({ viewport: { width: 412, height: 823 }, isMobile: true, hasTouch: true })
  const page = await ctx.newPage()
  const cdp = await ctx.newCDPSession(page)
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 })
  await cdp.send('Profiler.start')
  await page.goto(server.origin + route)
  await page.waitForTimeout(6000)
  const { profile } = await cdp.send('Profiler.stop') as any
  const byId = new Map(profile.nodes.map((n: any) => [n.id, n]))
  const self = new Map<number, number>()
  const dts = profile.timeDeltas as number[]
  profile.samples.forEach((id: number, i: number) => self.set(id, (self.get(id) ?? 0) + (dts[i] ?? 0)))
  const fn = new Map<string, number>(); const file = new Map<string, number>()
  for (const [id, us] of self) { const n: any = byId.get(id); const cf = n.callFrame; const f = (cf.url.split('/').pop() || '(native)'); const k = `${cf.functionName || '(anon)'} ${f}:${cf.lineNumber}:${cf.columnNumber}`
    if (['(idle)', '(program)'].includes(cf.functionName)) continue
    fn.set(k, (fn.get(k) ?? 0) + us); file.set(f + (f === '(native)' ? ' ' + cf.functionName : ''), (file.get(f) ?? 0) + us) }
  const parents = new Map<number, any>(); for (const n of profile.nodes) for (const c of n.children ?? []) parents.set(c, n)
  const stacks = new Map<string, number>()
  for (const [id, us] of self) { const n: any = byId.get(id); if (!['appendChild', ''].includes(n.callFrame.functionName) && !n.callFrame.url.includes('formatters')) continue
    const chain: string[] = []; let p: any = n; for (let i = 0; i < 7 && p; i++) { chain.push(`${p.callFrame.functionName || '(anon)'}@${p.callFrame.url.split('/').pop()}:${p.callFrame.columnNumber}`); p = parents.get(p.id) }
    const k = chain.join(' < '); stacks.set(k, (stacks.get(k) ?? 0) + us) }
  console.log('-- stacks\n' + [...stacks].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => `${(v / 1000).toFixed(0)} ms ${k}`).join('\n'))
  const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${(v / 1000).toFixed(0).padStart(5)} ms ${k}`).join('\n')
  console.log(`=== ${route} (4x)\n-- by file\n${top(file, 25)}\n-- by function\n${top(fn, 30)}`)
  await ctx.close()
}
await browser.close(); await server.stop()
