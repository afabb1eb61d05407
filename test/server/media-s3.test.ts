import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MediaRecord } from '../../src/shared/index.ts'
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import { s3ClientConfig } from '../../src/server/media/media-store-s3.ts'
import {
  createUpload,
  headUpload,
  mp4WithLocation,
  patchUpload,
  phonePhoto,
  SAMPLE_LOCATION,
  TUS,
} from './helpers/media-fixtures.ts'
import { startLocalS3, type LocalS3 } from './helpers/s3-server.ts'
import { buildTestApp, seedAccount, TestClient, type TestApp } from './helpers/test-app.ts'

/*
 * The whole path with S3_* set, against s3rver: tus keeps the upload as a multipart upload under
 * `uploads/` (@tus/s3-store), the finished file is checked there and copied to `media/`.
 * s3rver lacks two multipart calls tus needs; helpers/s3-server.ts answers them (see there).
 */

let s3: LocalS3
let t: TestApp
let staff: TestClient

beforeAll(async () => {
  s3 = await startLocalS3({ multipart: true })
  t = await buildTestApp(s3.env)
  const { password } = await seedAccount(t, 's3-staff', 'base_staff', { baseId: 'geological-museum-of-china' })
  staff = new TestClient(t.app)
  await staff.login('s3-staff', password)
}, 120_000)
afterAll(async () => {
  await t.close()
  await s3.stop()
})

describe('uploads on an S3-compatible store', () => {
  it('takes a photo in two PATCHes and serves its variants from the bucket', async () => {
    const photo = await phonePhoto()
    const created = await createUpload(staff, photo.length, { purpose: 'base-photo' })
    expect(created.statusCode, created.body).toBe(201)
    const location = created.headers.location as string
    const half = Math.floor(photo.length / 2)
    const first = await patchUpload(staff, location, 0, photo.subarray(0, half))
    expect(first.statusCode, first.body).toBe(204)
    const head = await headUpload(staff, location)
    expect(head.statusCode, head.body).toBe(200)
    expect(Number(head.headers['upload-offset'])).toBe(half)
    const rest = await patchUpload(staff, location, half, photo.subarray(half))
    expect(rest.statusCode, rest.body).toBe(200)
    const { media } = rest.json<{ media: MediaRecord }>()
    expect((await keys(`media/${media.id}/`)).length).toBe(media.variants.length)
    expect(await keys(`uploads/${media.id}`)).toEqual([])
    const served = await staff.request({ url: media.variants[0]!.url })
    expect(served.statusCode).toBe(200)
    expect(served.headers['content-type']).toBe('image/avif')
  })

  /** Keys in the bucket under a prefix. */
  const keys = async (prefix: string) => {
    const listed = await new S3Client(s3ClientConfig(s3.config)).send(
      new ListObjectsV2Command({ Bucket: s3.config.bucket, Prefix: prefix }),
    )
    return (listed.Contents ?? []).map((o) => o.Key!)
  }

  it('takes a video, strips its location on the way into media/, and serves ranges of it', async () => {
    const video = mp4WithLocation()
    const created = await createUpload(staff, video.length, { purpose: 'work-media' })
    const finished = await patchUpload(staff, created.headers.location as string, 0, video)
    expect(finished.statusCode, finished.body).toBe(200)
    const { media } = finished.json<{ media: MediaRecord }>()
    const part = await staff.request({ url: media.original!.url, headers: { range: 'bytes=100-199' } })
    expect(part.statusCode).toBe(206)
    expect(part.rawPayload.length).toBe(100)
    expect(part.rawPayload.equals(video.subarray(100, 200))).toBe(true)
    const whole = await staff.request({ url: media.original!.url })
    expect(whole.rawPayload.length).toBe(video.length)
    expect(whole.rawPayload.includes(SAMPLE_LOCATION)).toBe(false)
    expect(await keys(`media/${media.id}/`)).toEqual([`media/${media.id}/original.mp4`])
    expect(await keys(`uploads/${media.id}`)).toEqual([])
  })

  it('cancels an unfinished upload', async () => {
    const created = await createUpload(staff, 1000, { purpose: 'base-photo' })
    const location = created.headers.location as string
    expect((await staff.request({ method: 'DELETE', url: location, headers: TUS })).statusCode).toBe(204)
    expect((await headUpload(staff, location)).statusCode).toBe(404)
    expect(await keys(`uploads/${location.split('/').at(-1)!}`)).toEqual([])
  })
})
