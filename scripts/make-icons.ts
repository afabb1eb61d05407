// Renders the app icons (PNG) from public/favicon.svg with Debian's Chromium, so no image tool
// or downloaded binary is needed. Run after changing the SVG: `node --import tsx scripts/make-icons.ts`.
import { readFile } from 'node:fs/promises'
import { chromium } from 'playwright-core'

const svg = await readFile('public/favicon.svg', 'utf8')
const targets = [
  { file: 'public/icons/icon-192.png', size: 192, padding: 0, radius: true },
  { file: 'public/icons/icon-512.png', size: 512, padding: 0, radius: true },
  { file: 'public/icons/apple-touch-icon-180.png', size: 180, padding: 0, radius: false },
  // Maskable: full-bleed background, artwork inside the 80% safe zone.
  { file: 'public/icons/icon-maskable-512.png', size: 512, padding: 0.1, radius: false },
]

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--headless'],
})
try {
  for (const target of targets) {
    const page = await browser.newPage({ viewport: { width: target.size, height: target.size } })
    const art = target.radius ? svg : svg.replace('rx="112"', 'rx="0"')
    const inset = Math.round(target.size * target.padding)
    await page.setContent(`<html><body style="margin:0;background:${target.radius ? 'transparent' : '#0f5038'}">
      <div style="width:${target.size}px;height:${target.size}px;box-sizing:border-box;padding:${inset}px;background:${target.padding ? '#17694f' : 'transparent'}">
        ${art.replace('<svg ', `<svg width="${target.size - 2 * inset}" height="${target.size - 2 * inset}" `)}
      </div></body></html>`)
    await page.screenshot({ path: target.file, omitBackground: target.radius })
    await page.close()
    console.log(`wrote ${target.file}`)
  }
} finally {
  await browser.close()
}
