// Captures docs/screenshot.png (three phone screens side by side) from a running app:
// `PORT=8299 npm start` in one shell, then `node --import tsx scripts/screenshot.ts http://127.0.0.1:8299`.
import { mkdir } from 'node:fs/promises'
import { chromium } from 'playwright-core'

const origin = process.argv[2] ?? 'http://127.0.0.1:8080'
const screens = ['/bases', '/calendar', '/notices/guides/landslide']
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--headless'],
})
try {
  const context = await browser.newContext({
    viewport: { width: 390, height: 780 },
    deviceScaleFactor: 2,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  })
  const page = await context.newPage()
  const shots: string[] = []
  for (const path of screens) {
    await page.goto(origin + path)
    await page.locator('h1').first().waitFor()
    if (path === '/bases') await page.locator('.leaflet-marker-icon').first().waitFor()
    await page.waitForTimeout(500)
    shots.push((await page.screenshot()).toString('base64'))
  }
  const sheet = await context.newPage()
  await sheet.setViewportSize({ width: 1290, height: 860 })
  await sheet.setContent(`<body style="margin:0;background:#e3f1ea;display:flex;gap:30px;padding:40px;box-sizing:border-box">
    ${shots.map((s) => `<img src="data:image/png;base64,${s}" style="width:390px;height:780px;border-radius:28px;box-shadow:0 8px 30px rgb(0 0 0/18%)">`).join('')}</body>`)
  await mkdir('docs', { recursive: true })
  await sheet.screenshot({ path: 'docs/screenshot.png' })
  console.log('wrote docs/screenshot.png')
} finally {
  await browser.close()
}
