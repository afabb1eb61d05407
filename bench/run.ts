// `npm run bench [name…]`: runs the benchmarks and prints one JSON object per line.
// `--check` exits non-zero when a figure breaks its budget in bench/budgets.json.
import { measureFirstScreen } from './bundle.ts'

const args = process.argv.slice(2)
const check = args.includes('--check')
const wanted = args.filter((a) => !a.startsWith('--'))
const benches: Record<string, () => { ok: boolean } | Promise<{ ok: boolean }>> = {
  bundle: () => {
    const figure = measureFirstScreen()
    console.log(JSON.stringify(figure))
    return { ok: figure.first_screen_gzip_kb <= figure.budget_kb }
  },
}

let ok = true
for (const [name, bench] of Object.entries(benches)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue
  const result = await bench()
  if (!result.ok) {
    ok = false
    console.error(`${name}: over budget`)
  }
}
if (check && !ok) process.exit(1)
