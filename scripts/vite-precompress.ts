// Writes a Brotli (.br) and a gzip (.gz) copy beside every text file of the production build, so
// the server sends compressed files without compressing on each request (@fastify/static
// `preCompressed`), as a CDN or nginx `gzip_static`/`brotli_static` would. Lighthouse's
// "enable text compression" audit and every phone on a slow network are the reason.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import type { Plugin } from 'vite'

const TEXT = /\.(?:js|mjs|css|html|svg|json|webmanifest|txt|vtt|map)$/
/** Below this a compressed copy saves less than the extra request header costs. */
const MIN_BYTES = 1024

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) yield* files(path)
    else yield path
  }
}

export function precompress(): Plugin {
  let outDir = 'dist'
  return {
    name: 'zk-precompress',
    apply: 'build',
    enforce: 'post',
    configResolved: (config) => {
      outDir = config.build.outDir
    },
    closeBundle: {
      order: 'post',
      sequential: true,
      handler: () => {
        for (const path of files(outDir)) {
          if (!TEXT.test(path) || path.includes(`${join(outDir, 'media')}`)) continue
          const source = readFileSync(path)
          if (source.length < MIN_BYTES) continue
          writeFileSync(
            `${path}.br`,
            brotliCompressSync(source, {
              params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: source.length },
            }),
          )
          writeFileSync(`${path}.gz`, gzipSync(source, { level: 9 }))
        }
      },
    },
  }
}
