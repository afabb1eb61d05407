// Vant's icon CSS carries its font as a base64 data: URL, with a fallback on a third-party CDN
// (at.alicdn.com). That needs `font-src data:` in our CSP, asks for a host the CSP rightly blocks
// whenever the first source is skipped, and puts 40 KiB of font inside the render-blocking CSS of
// the first screen. This plugin moves the same font bytes into a file of our own build (hashed,
// cached for a year, precached by the service worker) and drops the CDN fallback.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import type { Plugin } from 'vite'

const ICON_CSS = /[\\/]vant[\\/](?:es|lib)[\\/]icon[\\/]index\.css$/
const FONT_SRC =
  /src:url\(data:font\/woff2;charset=utf-8;base64,([A-Za-z0-9+/=]+)\) format\("woff2"\)(?:,url\([^)]*\) format\("[a-z]+"\))*/

export function vantIconFontFile(): Plugin {
  let cacheDir = resolve('node_modules/.cache/zk-vant-icon')
  return {
    name: 'zk-vant-icon-font',
    enforce: 'pre',
    configResolved: (config) => {
      cacheDir = join(config.root, 'node_modules/.cache/zk-vant-icon')
    },
    transform(code, id) {
      const file = id.split('?')[0]!
      if (!ICON_CSS.test(file)) return null
      const match = FONT_SRC.exec(code)
      if (!match)
        return this.error(
          `${file}: Vant's icon @font-face no longer has the inline woff2 this plugin moves into a file; update scripts/vite-vant-icon-font.ts`,
        )
      const font = Buffer.from(match[1]!, 'base64')
      const fontFile = join(cacheDir, `vant-icon-${createHash('sha256').update(font).digest('hex').slice(0, 10)}.woff2`)
      if (!existsSync(fontFile)) {
        mkdirSync(cacheDir, { recursive: true })
        writeFileSync(fontFile, font)
      }
      const url = relative(dirname(file), fontFile).replaceAll('\\', '/')
      return { code: code.replace(match[0], `src:url(${url}) format("woff2")`), map: null }
    },
  }
}
