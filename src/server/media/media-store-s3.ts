import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3'
import type { Readable } from 'node:stream'
import type { S3Config } from '../config.ts'
import {
  assertKey,
  assertPrefix,
  type ByteRange,
  type MediaStore,
  type ObjectHead,
  type ObjectRead,
  type PutOptions,
} from './media-store.ts'

/** Media objects live under this prefix of the bucket; tus uploads in progress under `uploads/`. */
export const MEDIA_PREFIX = 'media/'

/**
 * The AWS SDK's client options for an S3-compatible store. Checksums only when an operation
 * requires them: the SDK's default (a CRC32 trailer on every upload, since 2025) is refused by
 * several S3-compatible stores.
 */
export function s3ClientConfig(config: S3Config): S3ClientConfig {
  return {
    endpoint: config.endpoint,
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  }
}

const isMissing = (error: unknown) => {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } }
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404
}

/** Media in an S3-compatible bucket (AWS, Aliyun OSS, Tencent COS, MinIO …), under `media/`. */
export class S3MediaStore implements MediaStore {
  readonly kind = 's3'
  readonly client: S3Client
  readonly bucket: string

  constructor(config: S3Config, client = new S3Client(s3ClientConfig(config))) {
    this.client = client
    this.bucket = config.bucket
  }

  objectKey(key: string): string {
    assertKey(key)
    return MEDIA_PREFIX + key
  }

  async put(key: string, body: Buffer | Readable, options: PutOptions): Promise<void> {
    const length = Buffer.isBuffer(body) ? body.length : options.bytes
    if (length === undefined) throw new Error('S3MediaStore.put: a stream body needs its length (options.bytes)')
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: this.objectKey(key),
        Body: body,
        ContentType: options.contentType,
        ContentLength: length,
      }),
    )
  }

  /** A server-side copy from another key of the same bucket (a finished tus upload): no bytes through this server. */
  async copyFromBucket(sourceKey: string, key: string, contentType: string): Promise<void> {
    await this.client.send(
      new CopyObjectCommand({
        Bucket: this.bucket,
        Key: this.objectKey(key),
        CopySource: `${this.bucket}/${sourceKey.split('/').map(encodeURIComponent).join('/')}`,
        ContentType: contentType,
        MetadataDirective: 'REPLACE',
      }),
    )
  }

  async head(key: string): Promise<ObjectHead | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }))
      return { bytes: head.ContentLength ?? 0, contentType: head.ContentType ?? 'application/octet-stream' }
    } catch (error) {
      if (isMissing(error)) return null
      throw error
    }
  }

  async get(key: string, range?: ByteRange): Promise<ObjectRead | null> {
    try {
      const object = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: this.objectKey(key),
          ...(range ? { Range: `bytes=${String(range.start)}-${String(range.end)}` } : {}),
        }),
      )
      const total = object.ContentRange ? Number(/\/(\d+)$/.exec(object.ContentRange)?.[1]) : object.ContentLength
      return {
        body: object.Body as Readable,
        bytes: total ?? 0,
        contentType: object.ContentType ?? 'application/octet-stream',
        range: range ?? null,
      }
    } catch (error) {
      if (isMissing(error)) return null
      throw error
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }))
  }

  async list(prefix: string): Promise<string[]> {
    assertPrefix(prefix)
    const keys: string[] = []
    let token: string | undefined
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: MEDIA_PREFIX + prefix, ContinuationToken: token }),
      )
      for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key.slice(MEDIA_PREFIX.length))
      token = page.IsTruncated ? page.NextContinuationToken : undefined
    } while (token)
    return keys.sort()
  }
}
