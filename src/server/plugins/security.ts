import helmet from '@fastify/helmet'
import type { FastifyInstance } from 'fastify'

/**
 * Strict CSP: scripts only from our origin (no inline script, no eval). Inline styles are
 * allowed because Vant sets style attributes; tiles come from Tianditu or OpenStreetMap.
 */
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:', 'https://*.tianditu.gov.cn', 'https://tile.openstreetmap.org'],
  'font-src': ["'self'", 'data:'],
  // Tile hosts too: "save this area for offline" fetches tiles into Cache Storage.
  'connect-src': ["'self'", 'https://*.tianditu.gov.cn', 'https://tile.openstreetmap.org'],
  'media-src': ["'self'", 'blob:'],
  'worker-src': ["'self'"],
  'manifest-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
}

export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    // Same-origin app: keep the strict defaults but let map tiles load cross-origin images.
    crossOriginEmbedderPolicy: false,
    hsts: false, // set by the TLS-terminating proxy (docs), not by a server that may run on plain HTTP
  })
}
