import { z } from 'zod'

/** Server configuration, parsed once from the environment at start. See README's table. */
const envSchema = z
  .object({
    /** @default 8080 */
    PORT: z.coerce.number().int().min(1).max(65535).default(8080),
    /** @default '127.0.0.1' */
    HOST: z.string().min(1).default('127.0.0.1'),
    /** Where the embedded PGlite database lives. @default './data' */
    DATA_DIR: z.string().min(1).default('./data'),
    /** When set, a real PostgreSQL is used instead of PGlite. */
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\/.+/, 'must start with postgres:// or postgresql://')
      .optional(),
    STATIC_DIR: z.string().min(1).default('./dist'),
    CONTENT_DIR: z.string().min(1).default('./generated/content'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    TRUST_PROXY: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
    COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
    PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
    /** Web Push (VAPID) keys, base64url as `npx web-push generate-vapid-keys` prints them. Without all three, push is off. */
    VAPID_PUBLIC_KEY: z
      .string()
      .regex(/^[A-Za-z0-9_-]{80,90}$/, 'a base64url P-256 public key (87 characters)')
      .optional(),
    VAPID_PRIVATE_KEY: z
      .string()
      .regex(/^[A-Za-z0-9_-]{40,45}$/, 'a base64url P-256 private key (43 characters)')
      .optional(),
    /** Contact for push services: mailto: or https: URL. */
    VAPID_SUBJECT: z
      .string()
      .regex(/^(mailto:.+@.+|https:\/\/.+)$/, 'a mailto: address or https: URL')
      .optional(),
    /**
     * Tests and local development only: comma-separated `host:port` pairs (e.g. `127.0.0.1:43123`)
     * that the server accepts as push endpoints, over http or https, besides the push services of
     * `PUSH_SERVICE_HOSTS` (shared/schemas/notice.ts). Never set it in production: every listed
     * address can be made a target of the server's requests by anyone who subscribes.
     */
    PUSH_ALLOW_HOSTS: z
      .string()
      .regex(
        /^([a-z0-9.-]+|\[[0-9a-f:.]+\]):\d{1,5}(,([a-z0-9.-]+|\[[0-9a-f:.]+\]):\d{1,5})*$/i,
        'comma-separated host:port pairs, e.g. 127.0.0.1:43123',
      )
      .optional(),
    /** Who approves school sign-ups: an admin, or staff of the base the school applied to. @default 'admin' */
    SCHOOL_APPROVAL: z.enum(['admin', 'base']).default('admin'),
    /** The body that runs the 李四光中队 programme, shown on tickets and visit records (not settled: configure it). */
    SQUADRON_ISSUER: z.string().trim().min(2).max(100).default('自然资源科普基地'),
    /** Signs 李四光中队 tickets; when unset, a key is generated once and kept in the database. */
    TICKET_SECRET: z.string().min(32, 'at least 32 characters').optional(),
    /** Serves Prometheus metrics on a separate listener, `host:port` (bind it to a private interface). */
    METRICS_ADDRESS: z
      .string()
      .regex(/^([a-z0-9.-]+|\[[0-9a-f:.]+\]):\d{1,5}$/i, 'host:port, e.g. 127.0.0.1:9464')
      .optional(),
    /** Serves `GET /metrics` on the app's port to `Authorization: Bearer <token>`. */
    METRICS_TOKEN: z.string().min(24, 'at least 24 characters').optional(),
    /**
     * An S3-compatible object store for uploads and media (all five of endpoint, bucket, region and
     * keys, or none: files under DATA_DIR/uploads and DATA_DIR/media). See docs/deploy.md.
     */
    S3_ENDPOINT: z
      .url({ protocol: /^https?$/, error: 'an http(s) URL, e.g. https://oss-cn-beijing.aliyuncs.com' })
      .optional(),
    S3_BUCKET: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, '3–63 lower-case letters, digits, dots or hyphens')
      .optional(),
    S3_REGION: z
      .string()
      .regex(/^[a-z0-9-]{2,40}$/, 'a region name such as cn-beijing or us-east-1')
      .optional(),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    /** Path-style addressing (`endpoint/bucket/key`), which most self-hosted stores need. @default 'false' */
    S3_FORCE_PATH_STYLE: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
  })
  .superRefine((e, ctx) => {
    const s3Keys = ['S3_ENDPOINT', 'S3_BUCKET', 'S3_REGION', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const
    const s3Set = s3Keys.filter((key) => e[key] !== undefined).length
    if (s3Set > 0 && s3Set < s3Keys.length) {
      for (const key of s3Keys) {
        if (e[key] === undefined)
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message:
              'set all five S3_* variables (endpoint, bucket, region, access key id, secret), or none (files under DATA_DIR)',
          })
      }
    }
    const set = [e.VAPID_PUBLIC_KEY, e.VAPID_PRIVATE_KEY, e.VAPID_SUBJECT].filter((v) => v !== undefined).length
    if (set > 0 && set < 3) {
      for (const key of ['VAPID_PUBLIC_KEY', 'VAPID_PRIVATE_KEY', 'VAPID_SUBJECT'] as const) {
        if (e[key] === undefined)
          ctx.addIssue({ code: 'custom', path: [key], message: 'set all three VAPID_* variables, or none (push off)' })
      }
    }
  })

/** The object store for uploads and media; null: files under DATA_DIR. */
export interface S3Config {
  endpoint: string
  bucket: string
  region: string
  accessKeyId: string
  secretAccessKey: string
  forcePathStyle: boolean
}

/** Web Push settings; null when push is off. */
export interface VapidConfig {
  publicKey: string
  privateKey: string
  subject: string
}

export interface AppConfig {
  port: number
  host: string
  dataDir: string
  databaseUrl: string | undefined
  staticDir: string
  contentDir: string
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL']
  trustProxy: boolean
  cookieSecure: 'auto' | 'true' | 'false'
  publicUrl: string | undefined
  vapid: VapidConfig | null
  /** `PUSH_ALLOW_HOSTS`, lower-cased: test-only push endpoints. @default [] */
  pushAllowHosts: string[]
  schoolApproval: 'admin' | 'base'
  squadronIssuer: string
  ticketSecret: string | undefined
  /** `METRICS_ADDRESS`: the separate metrics listener, or null. */
  metricsAddress: { host: string; port: number } | null
  metricsToken: string | undefined
  /** `S3_*`: uploads and media in an object store; null keeps them under DATA_DIR. */
  s3: S3Config | null
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** Parses the environment; throws one ConfigError naming every bad variable. Empty values count as unset. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const present = Object.fromEntries(Object.keys(envSchema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]))
  const parsed = envSchema.safeParse(present)
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (issue) => `  ${issue.path.join('.')}=${JSON.stringify(present[String(issue.path[0])] ?? '')}: ${issue.message}`,
    )
    throw new ConfigError(
      `Invalid configuration (${lines.length} variable${lines.length === 1 ? '' : 's'}):\n${lines.join('\n')}`,
    )
  }
  const e = parsed.data
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    staticDir: e.STATIC_DIR,
    contentDir: e.CONTENT_DIR,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    cookieSecure: e.COOKIE_SECURE,
    publicUrl: e.PUBLIC_URL,
    vapid:
      e.VAPID_PUBLIC_KEY && e.VAPID_PRIVATE_KEY && e.VAPID_SUBJECT
        ? { publicKey: e.VAPID_PUBLIC_KEY, privateKey: e.VAPID_PRIVATE_KEY, subject: e.VAPID_SUBJECT }
        : null,
    pushAllowHosts: e.PUSH_ALLOW_HOSTS ? e.PUSH_ALLOW_HOSTS.toLowerCase().split(',') : [],
    schoolApproval: e.SCHOOL_APPROVAL,
    squadronIssuer: e.SQUADRON_ISSUER,
    ticketSecret: e.TICKET_SECRET,
    metricsAddress: e.METRICS_ADDRESS ? hostAndPort(e.METRICS_ADDRESS) : null,
    metricsToken: e.METRICS_TOKEN,
    s3:
      e.S3_ENDPOINT && e.S3_BUCKET && e.S3_REGION && e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY
        ? {
            endpoint: e.S3_ENDPOINT,
            bucket: e.S3_BUCKET,
            region: e.S3_REGION,
            accessKeyId: e.S3_ACCESS_KEY_ID,
            secretAccessKey: e.S3_SECRET_ACCESS_KEY,
            forcePathStyle: e.S3_FORCE_PATH_STYLE,
          }
        : null,
  }
}

function hostAndPort(address: string): { host: string; port: number } {
  const colon = address.lastIndexOf(':')
  return { host: address.slice(0, colon).replace(/^\[(.*)\]$/, '$1'), port: Number(address.slice(colon + 1)) }
}
