// The first screen's CSS goes into index.html as <style> instead of <link rel="stylesheet">: on a
// slow phone network each render-blocking stylesheet is a request the first paint waits for (three
// of them, a round trip or more each on a new connection), while inline they arrive with the HTML
// the page needs anyway. A disabled <link> to each file stays behind: disabled stylesheets are not
// fetched, and Vite's preload helper sees the href, so a lazy chunk that shares one of these files
// does not load it a second time. The Content Security Policy allows inline styles (style-src
// 'unsafe-inline', needed by Vant's style attributes); inline *scripts* stay forbidden.
import type { Plugin } from 'vite'

export function inlineFirstScreenCss(): Plugin {
  return {
    name: 'zk-inline-first-screen-css',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle
        if (!bundle) return html
        return html.replace(
          /<link rel="stylesheet"(?: crossorigin)? href="\/([^"]+\.css)">/g,
          (_link, file: string) => {
            const asset = bundle[file]
            if (asset?.type !== 'asset')
              throw new Error(`inline CSS: ${file} is linked from index.html but not in the bundle`)
            const css = typeof asset.source === 'string' ? asset.source : new TextDecoder().decode(asset.source)
            if (css.includes('</style')) throw new Error(`inline CSS: ${file} contains "</style"`)
            // Relative to /assets/ in the file, relative to the page once inline: only absolute ones move.
            const relative = css.match(/url\((?!['"]?(?:\/|data:|#))[^)]*\)/)
            if (relative) throw new Error(`inline CSS: ${file} has a relative ${relative[0]}`)
            return `<style data-href="/${file}">${css}</style><link rel="stylesheet" href="/${file}" disabled>`
          },
        )
      },
    },
  }
}
