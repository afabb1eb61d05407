import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { text } from 'node:stream/consumers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InvalidKeyError, type MediaStore } from '../../src/server/media/media-store.ts'
import { FileMediaStore } from '../../src/server/media/media-store-file.ts'
import { S3MediaStore } from '../../src/server/media/media-store-s3.ts'
import { fileUploadSource, s3UploadSource } from '../../src/server/media/upload-source.ts'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { startLocalS3, type LocalS3 } from './helpers/s3-server.ts'

/*
 * The media store contract, run the same way against files under a directory and against an
 * S3-compatible server (s3rver on a random port, started here).
 */

let root: string
let s3: LocalS3
const stores: Record<'file' | 's3', () => MediaStore> = {
  file: () => new FileMediaStore(root),
  s3: () => new S3MediaStore(s3.config),
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zk-media-store-'))
  s3 = await startLocalS3()
})
afterAll(async () => {
  await s3.stop()
  rmSync(root, { recursive: true, force: true })
})

const bytes = Buffer.from(Array.from({ length: 10_000 }, (_, i) => i % 251))
const id = '0196f3a2-7c1e-7d2a-9b1c-5e8f00000001'

describe.each(['file', 's3'] as const)('media store on %s', (kind) => {
  let store: MediaStore
  beforeAll(() => {
    store = stores[kind]()
  })

  it('stores a buffer and a stream, and reads them back whole', async () => {
    await store.put(`${id}/a-320.webp`, bytes, { contentType: 'image/webp' })
    await store.put(`${id}/original.mp4`, Readable.from([bytes.subarray(0, 4000), bytes.subarray(4000)]), {
      contentType: 'video/mp4',
      bytes: bytes.length,
    })
    for (const key of [`${id}/a-320.webp`, `${id}/original.mp4`]) {
      const read = await store.get(key)
      expect(read).not.toBeNull()
      const chunks: Buffer[] = []
      for await (const chunk of read!.body) chunks.push(chunk as Buffer)
      expect(Buffer.concat(chunks).equals(bytes)).toBe(true)
      expect(read!.bytes).toBe(bytes.length)
    }
    expect(await store.head(`${id}/original.mp4`)).toEqual({ bytes: bytes.length, contentType: 'video/mp4' })
  })

  it('reads a byte range', async () => {
    const read = await store.get(`${id}/original.mp4`, { start: 1000, end: 1999 })
    const chunks: Buffer[] = []
    for await (const chunk of read!.body) chunks.push(chunk as Buffer)
    expect(Buffer.concat(chunks).equals(bytes.subarray(1000, 2000))).toBe(true)
    expect(read!.range).toEqual({ start: 1000, end: 1999 })
    expect(read!.bytes).toBe(bytes.length)
  })

  it('lists by prefix, deletes, and says null for what is missing', async () => {
    expect(await store.list(`${id}/`)).toEqual([`${id}/a-320.webp`, `${id}/original.mp4`])
    await store.delete(`${id}/a-320.webp`)
    await store.delete(`${id}/a-320.webp`) // twice is fine
    expect(await store.get(`${id}/a-320.webp`)).toBeNull()
    expect(await store.head(`${id}/a-320.webp`)).toBeNull()
    expect(await store.list(`${id}/`)).toEqual([`${id}/original.mp4`])
  })

  it('refuses keys that could leave the store', async () => {
    for (const key of [
      '../secret',
      `${id}/../../etc/passwd`,
      '/etc/passwd',
      `${id}/.hidden`,
      `${id}\\..\\x`,
      `${id}//x`,
      '',
      'a/'.repeat(10) + 'x',
    ]) {
      await expect(store.put(key, bytes, { contentType: 'image/webp' }), key).rejects.toThrow(InvalidKeyError)
      await expect(store.get(key), key).rejects.toThrow(InvalidKeyError)
    }
  })
})

describe('moving a finished upload into the store', () => {
  it('renames a file on the same disk and writes the patches into it', async () => {
    const uploads = mkdtempSync(join(root, 'uploads-'))
    const path = join(uploads, 'upload-1')
    writeFileSync(path, bytes)
    const store = new FileMediaStore(join(root, 'moved'))
    await fileUploadSource(path, bytes.length).moveTo(store, `${id}/original.mp4`, 'video/mp4', [
      { offset: 10, bytes: Buffer.from('free') },
    ])
    expect(readdirSync(uploads)).toEqual([])
    const read = await store.get(`${id}/original.mp4`)
    const chunks: Buffer[] = []
    for await (const chunk of read!.body) chunks.push(chunk as Buffer)
    const stored = Buffer.concat(chunks)
    expect(stored.subarray(10, 14).toString()).toBe('free')
    expect(stored.subarray(14).equals(bytes.subarray(14))).toBe(true)
  })

  it('copies within the bucket, or streams through the patches, on S3', async () => {
    const store = new S3MediaStore(s3.config)
    await store.client.send(new PutObjectCommand({ Bucket: s3.config.bucket, Key: 'uploads/u-1', Body: bytes }))
    const source = s3UploadSource(store.client, s3.config.bucket, 'uploads/u-1', bytes.length)
    expect((await source.read(5000, 4)).equals(bytes.subarray(5000, 5004))).toBe(true)
    await source.moveTo(store, `${id}/copied.pdf`, 'application/pdf', [])
    await source.moveTo(store, `${id}/patched.mp4`, 'video/mp4', [{ offset: 9998, bytes: Buffer.from('ZZ') }])
    const copied = await store.get(`${id}/copied.pdf`)
    expect(copied!.contentType).toBe('application/pdf')
    expect((await text(copied!.body)).length).toBeGreaterThan(0)
    const patched = await store.get(`${id}/patched.mp4`, { start: 9990, end: 9999 })
    const chunks: Buffer[] = []
    for await (const chunk of patched!.body) chunks.push(chunk as Buffer)
    expect(Buffer.concat(chunks).toString('latin1', 8)).toBe('ZZ')
  })
})
