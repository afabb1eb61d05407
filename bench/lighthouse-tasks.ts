// What the long tasks of a Lighthouse run did: reads a trace written by
// `BENCH_LIGHTHOUSE_REPORTS=dir npm run bench -- lighthouse` and prints each main-thread task of
// 10 ms or more (unthrottled, as recorded) with what ran inside it (module evaluation, a timer,
// microtasks such as a Vue render, style and layout), and a rough total blocking time at 4×.
//   node --import tsx bench/lighthouse-tasks.ts dir/_calendar.trace.json
import { readFileSync } from 'node:fs'

interface TraceEvent {
  name: string
  ph: string
  pid: number
  tid: number
  ts: number
  dur?: number
  args?: { data?: Record<string, unknown> }
}

const INSIDE = new Set([
  'EvaluateScript',
  'v8.evaluateModule',
  'FunctionCall',
  'TimerFire',
  'RunMicrotasks',
  'EventDispatch',
  'ParseHTML',
  'ParseAuthorStyleSheet',
  'UpdateLayoutTree',
  'Layout',
  'PrePaint',
  'Paint',
  'MinorGC',
  'MajorGC',
  'v8.compileModule',
])

const file = process.argv[2]
if (!file) throw new Error('usage: node --import tsx bench/lighthouse-tasks.ts <route>.trace.json')
const trace = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[]
const events = Array.isArray(trace) ? trace : (trace.traceEvents ?? [])
const nav = events.find(
  (e) =>
    e.name === 'navigationStart' &&
    e.args?.data?.isLoadingMainFrame === true &&
    String(e.args.data.documentLoaderURL).startsWith('http'),
)
if (!nav) throw new Error(`${file}: no main-frame navigation in the trace`)
const main = events.filter((e) => e.pid === nav.pid && e.tid === nav.tid && e.ph === 'X' && e.ts >= nav.ts)
let total = 0
let blocking = 0
for (const task of main.filter((e) => e.name === 'RunTask').sort((a, b) => a.ts - b.ts)) {
  const ms = (task.dur ?? 0) / 1000
  total += ms
  if (ms < 10) continue
  blocking += Math.max(0, ms * 4 - 50)
  const inside = main
    .filter(
      (e) =>
        e !== task &&
        INSIDE.has(e.name) &&
        e.ts >= task.ts &&
        e.ts + (e.dur ?? 0) <= task.ts + (task.dur ?? 0) &&
        (e.dur ?? 0) > 3000,
    )
    .map(
      (e) =>
        `${e.name}${typeof e.args?.data?.url === 'string' ? `(${e.args.data.url.split('/').pop() ?? ''})` : ''}=${((e.dur ?? 0) / 1000).toFixed(0)}`,
    )
  console.log(`@${((task.ts - nav.ts) / 1000).toFixed(0)} ms  ${ms.toFixed(0)} ms  ${inside.join(' ')}`)
}
console.log(`main thread ${total.toFixed(0)} ms; blocking time at a 4× slowdown ≈ ${blocking.toFixed(0)} ms`)
