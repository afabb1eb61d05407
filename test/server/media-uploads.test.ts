import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../src/server/app.ts'
import { setMediaStatus } from '../../src/server/services/media-service.ts'
import { MAX_UNFINISHED_UPLOADS, type MediaRecord } from '../../src/shared/index.ts'
import {
  createUpload,
  headUpload,
  minimalPdf,
  mp4WithLocation,
  patchUpload,
  phonePhoto,
  SAMPLE_LOCATION,
  TUS,
  uploadWhole,
} from './helpers/media-fixtures.ts'
import { seedAccount, seededDatabase, TestClient, type TestApp } from './helpers/test-app.ts'

let t: TestApp
let dataDir: string
/** The server's clock: tests move it to expire uploads. */
let clock = new Date('2026-06-01T08:00:00Z')
let staff: TestClient
let otherStaff: TestClient
let school: TestClient
let admin: TestClient

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'zk-media-uploads-'))
  const seeded = await seededDatabase({ DATA_DIR: dataDir })
  const app = await buildApp(seeded.config, { db: seeded.database.db, content: seeded.content, now: () => clock })
  await app.ready()
  t = {
    app,
    database: seeded.database,
    config: seeded.config,
    close: async () => {
      await app.close()
      await seeded.database.close()
      await seeded.drop()
    },
  }
  const sign = async (username: string, role: 'base_staff' | 'school' | 'admin') => {
    const { password } = await seedAccount(
      t,
      username,
      role,
      role === 'base_staff' ? { baseId: 'geological-museum-of-china' } : {},
    )
    const client = new TestClient(t.app)
    expect((await client.login(username, password)).statusCode).toBe(200)
    return client
  }
  staff = await sign('media-staff', 'base_staff')
  otherStaff = await sign('media-staff-2', 'base_staff')
  school = await sign('media-school', 'school')
  admin = await sign('media-admin', 'admin')
}, 120_000)
afterAll(async () => {
  await t.close()
  rmSync(dataDir, { recursive: true, force: true })
})

/** Sends `bytes` as the body of a PATCH over a real socket and cuts the connection after `cutAfter` bytes. */
async function patchThenDrop(
  origin: string,
  location: string,
  cookie: string,
  offset: number,
  bytes: Buffer,
  cutAfter: number,
): Promise<void> {
  await new Promise<void>((resolve) => {
    const req = httpRequest(`${origin}${location}`, {
      method: 'PATCH',
      headers: {
        ...TUS,
        cookie,
        origin,
        'upload-offset': String(offset),
        'content-type': 'application/offset+octet-stream',
        'content-length': String(bytes.length),
      },
    })
    req.on('error', () => resolve())
    req.on('close', () => resolve())
    req.write(bytes.subarray(0, cutAfter), () => {
      // Give the server time to write what arrived, then drop the connection like a phone losing signal.
      setTimeout(() => req.destroy(), 300)
    })
  })
}

describe('resumable uploads (tus)', () => {
  it('resumes after a dropped connection and stores the photo once it is complete', async () => {
    const photo = await phonePhoto()
    const created = await createUpload(staff, photo.length, { purpose: 'base-photo', filename: '门口.jpg' })
    expect(created.statusCode, created.body).toBe(201)
    const location = created.headers.location as string
    expect(location).toMatch(/^\/api\/uploads\/[0-9a-f-]{36}$/)

    // Half the photo over a real connection that drops before the PATCH ends.
    await t.app.listen({ host: '127.0.0.1', port: 0 })
    const origin = `http://127.0.0.1:${String((t.app.server.address() as AddressInfo).port)}`
    const half = Math.floor(photo.length / 2)
    await patchThenDrop(origin, location, staff.cookie!, 0, photo, half)

    // The phone comes back: HEAD says how much arrived, and it sends the rest from there.
    let offset = -1
    for (let i = 0; i < 50 && offset < 0; i++) {
      const head = await headUpload(staff, location)
      if (head.statusCode === 200) offset = Number(head.headers['upload-offset'])
      else await new Promise((r) => setTimeout(r, 100)) // the dropped PATCH still holds the upload's lock
    }
    expect(offset).toBeGreaterThan(0)
    expect(offset).toBeLessThanOrEqual(half)
    const rest = await patchUpload(staff, location, offset, photo.subarray(offset))
    expect(rest.statusCode, rest.body).toBe(200)
    expect(Number(rest.headers['upload-offset'])).toBe(photo.length)
    const { media } = rest.json<{ media: MediaRecord }>()
    expect(media).toMatchObject({
      id: location.split('/').at(-1),
      purpose: 'base-photo',
      kind: 'image',
      contentType: 'image/jpeg',
      status: 'unpublished',
      filename: '门口.jpg',
      bytes: photo.length,
    })
    // EXIF orientation 6: the 1200×800 photo is shown 800 wide and 1200 high.
    expect([media.width, media.height]).toEqual([800, 1200])
    expect(media.variants.map((v) => `${String(v.width)}.${v.format}`)).toEqual([
      '320.avif',
      '320.webp',
      '320.jpeg',
      '800.avif',
      '800.webp',
      '800.jpeg',
    ])

    // The upload is gone: the phone cannot send more to it, and nothing is left in the upload folder.
    expect((await headUpload(staff, location)).statusCode).toBe(404)
    expect(readdirSync(join(dataDir, 'uploads'))).toEqual([])
  })

  it('tells another account an upload does not exist', async () => {
    const created = await createUpload(staff, 1000)
    const location = created.headers.location as string
    expect((await headUpload(otherStaff, location)).statusCode).toBe(404)
    const patched = await patchUpload(otherStaff, location, 0, Buffer.alloc(10))
    expect(patched.statusCode).toBe(404)
    expect(patched.json()).toMatchObject({ statusCode: 404, message: expect.stringContaining('no such upload') })
    expect((await admin.request({ method: 'DELETE', url: location, headers: TUS })).statusCode).toBe(404)
    // Still intact for its owner.
    expect((await headUpload(staff, location)).headers['upload-offset']).toBe('0')
    expect((await staff.request({ method: 'DELETE', url: location, headers: TUS })).statusCode).toBe(204)
    expect((await headUpload(staff, location)).statusCode).toBe(404)
  })

  it("refuses an upload over its purpose's limit before any byte is sent, naming the limit", async () => {
    const tooBig = await createUpload(staff, 26 * 1024 * 1024, { purpose: 'base-photo' })
    expect(tooBig.statusCode).toBe(413)
    expect(tooBig.json().message).toMatch(/at most 25 MB \(26214400 bytes\)/)
    const video = await createUpload(school, 401 * 1024 * 1024, { purpose: 'contest-video' })
    expect(video.json().message).toMatch(/"contest-video" upload may be at most 400 MB/)
    expect((await createUpload(school, 399 * 1024 * 1024, { purpose: 'contest-video' })).statusCode).toBe(201)
  })

  it('holds a PATCH to the declared length', async () => {
    const created = await createUpload(staff, 100)
    const over = await patchUpload(staff, created.headers.location as string, 0, Buffer.alloc(200, 1))
    expect(over.statusCode).toBe(413)
    expect((await headUpload(staff, created.headers.location as string)).headers['upload-offset']).toBe('0')
  })

  it('refuses a text file named .jpg by its content', async () => {
    const text = Buffer.from('这不是照片。This is not a photo, whatever its name says.\n'.repeat(20))
    const created = await createUpload(staff, text.length, { purpose: 'base-photo', filename: 'photo.jpg' })
    const location = created.headers.location as string
    const finished = await patchUpload(staff, location, 0, text)
    expect(finished.statusCode).toBe(422)
    expect(finished.json().message).toMatch(
      /this is plain text, whatever its name says; accepted here: JPEG, PNG, WebP or AVIF images/,
    )
    // The refused upload is deleted, and no media was stored for it.
    const id = location.split('/').at(-1)!
    expect((await headUpload(staff, location)).statusCode).toBe(404)
    expect(readdirSync(join(dataDir, 'uploads')).filter((f) => f.startsWith(id))).toEqual([])
    expect((await staff.request({ url: `/api/media/${id}` })).statusCode).toBe(404)
  })

  it('asks for a purpose this role may use, and a sign-in', async () => {
    expect((await createUpload(staff, 10, { filename: 'x.jpg' })).json().message).toMatch(/Upload-Metadata: purpose/)
    expect((await createUpload(staff, 10, { purpose: 'selfie' })).statusCode).toBe(400)
    expect((await createUpload(school, 10, { purpose: 'base-photo' })).statusCode).toBe(403)
    const anonymous = new TestClient(t.app)
    expect((await createUpload(anonymous, 10)).statusCode).toBe(401)
    // A cross-site page cannot start an upload with the user's cookie.
    const crossSite = await staff.request({
      method: 'POST',
      url: '/api/uploads',
      headers: {
        ...TUS,
        origin: 'https://evil.example',
        'upload-length': '10',
        'upload-metadata': `purpose ${Buffer.from('base-photo').toString('base64')}`,
      },
    })
    expect(crossSite.statusCode).toBe(403)
    expect(
      (
        await staff.request({
          method: 'POST',
          url: '/api/uploads',
          headers: {
            ...TUS,
            'upload-defer-length': '1',
            'upload-metadata': `purpose ${Buffer.from('base-photo').toString('base64')}`,
          },
        })
      ).json().message,
    ).toMatch(/Upload-Length is required/)
  })

  it('limits unfinished uploads per account, and forgets expired ones', async () => {
    const school2 = new TestClient(t.app)
    const { password } = await seedAccount(t, 'media-school-quota', 'school')
    await school2.login('media-school-quota', password)
    const locations: string[] = []
    for (let i = 0; i < MAX_UNFINISHED_UPLOADS; i++) {
      const created = await createUpload(school2, 1000, { purpose: 'attachment' })
      expect(created.statusCode, created.body).toBe(201)
      locations.push(created.headers.location as string)
    }
    const over = await createUpload(school2, 1000, { purpose: 'attachment' })
    expect(over.statusCode).toBe(429)
    expect(over.json().message).toMatch(/an account may have 10 at once/)
    const files = () =>
      readdirSync(join(dataDir, 'uploads')).filter((f) => locations.some((l) => l.endsWith(f.replace(/\.json$/, ''))))
    expect(files()).toHaveLength(2 * MAX_UNFINISHED_UPLOADS)

    // A day later they have expired: the next creation deletes them, and counts under the limit again.
    clock = new Date(clock.getTime() + 24 * 3_600_000 + 1000)
    expect((await headUpload(school2, locations[0]!)).statusCode).toBe(404)
    expect((await createUpload(school2, 1000, { purpose: 'attachment' })).statusCode).toBe(201)
    expect(files()).toEqual([])
  })

  it("strips a video's location while storing it, and reads what a contest rule needs", async () => {
    const video = mp4WithLocation()
    const finished = await uploadWhole(school, video, { purpose: 'contest-video', filename: 'our-video.mp4' })
    expect(finished.statusCode, finished.body).toBe(200)
    const { media } = finished.json<{ media: MediaRecord }>()
    expect(media).toMatchObject({
      kind: 'video',
      contentType: 'video/mp4',
      width: 640,
      height: 360,
      durationS: 43.96,
      variants: [],
    })
    expect(media.video).toEqual({
      container: 'mp4',
      durationS: 43.96,
      width: 640,
      height: 360,
      aspectRatio: '16:9',
      videoCodec: 'avc1.4d401e',
      audioCodec: 'mp4a.40.2',
    })
    const stored = await school.request({ url: media.original!.url })
    expect(stored.statusCode).toBe(200)
    expect(stored.headers['content-type']).toBe('video/mp4')
    expect(stored.rawPayload.length).toBe(video.length)
    expect(stored.rawPayload.includes(SAMPLE_LOCATION)).toBe(false)
    expect(stored.rawPayload.includes('udta')).toBe(false)
    // Everything else is the same bytes.
    let differing = 0
    for (let i = 0; i < video.length; i++) if (video[i] !== stored.rawPayload[i]) differing++
    expect(differing).toBeLessThanOrEqual(61)
  })
})

describe('attachments', () => {
  it('stores a PDF as sent and serves it only as a download', async () => {
    const pdf = minimalPdf()
    const finished = await uploadWhole(school, pdf, { purpose: 'attachment', filename: '申报表 (final).pdf' })
    expect(finished.statusCode, finished.body).toBe(200)
    const { media } = finished.json<{ media: MediaRecord }>()
    expect(media).toMatchObject({
      kind: 'pdf',
      contentType: 'application/pdf',
      width: null,
      variants: [],
      original: { contentType: 'application/pdf', bytes: pdf.length },
    })
    const served = await school.request({ url: media.original!.url })
    expect(served.headers['content-type']).toBe('application/pdf')
    expect(served.headers['content-disposition']).toBe(
      `attachment; filename="${media.id}.pdf"; filename*=UTF-8''%E7%94%B3%E6%8A%A5%E8%A1%A8%20%28final%29.pdf`,
    )
    expect(served.rawPayload.equals(pdf)).toBe(true)
  })

  it('keeps a scanned page legible: up to 3200 px, in WebP and JPEG', async () => {
    const scan = await sharp({ create: { width: 2480, height: 3508, channels: 3, background: '#fafafa' } })
      .png()
      .toBuffer()
    const finished = await uploadWhole(school, scan, { purpose: 'attachment' })
    expect(finished.statusCode, finished.body).toBe(200)
    const { media } = finished.json<{ media: MediaRecord }>()
    expect(media.variants.map((v) => `${String(v.width)}.${v.format}`)).toEqual([
      '800.webp',
      '800.jpeg',
      '1600.webp',
      '1600.jpeg',
      '2480.webp',
      '2480.jpeg',
    ])
  })
})

describe('serving media', () => {
  let photo: MediaRecord
  let video: MediaRecord
  beforeAll(async () => {
    photo = (await uploadWhole(staff, await phonePhoto(2000, 1500), { purpose: 'base-photo' })).json<{
      media: MediaRecord
    }>().media
    video = (await uploadWhole(staff, mp4WithLocation(), { purpose: 'work-media' })).json<{ media: MediaRecord }>()
      .media
  }, 60_000)

  it('answers a Range request with 206 and exactly those bytes', async () => {
    const whole = await staff.request({ url: video.original!.url })
    const part = await staff.request({ url: video.original!.url, headers: { range: 'bytes=1000-1999' } })
    expect(part.statusCode).toBe(206)
    expect(part.headers['content-range']).toBe(`bytes 1000-1999/${String(video.original!.bytes)}`)
    expect(part.headers['content-length']).toBe('1000')
    expect(part.rawPayload.equals(whole.rawPayload.subarray(1000, 2000))).toBe(true)
    const tail = await staff.request({ url: video.original!.url, headers: { range: 'bytes=-100' } })
    expect(tail.rawPayload.equals(whole.rawPayload.subarray(-100))).toBe(true)
    const head = await staff.request({ method: 'HEAD', url: video.original!.url })
    expect([
      head.statusCode,
      head.headers['content-length'],
      head.headers['accept-ranges'],
      head.rawPayload.length,
    ]).toEqual([200, String(video.original!.bytes), 'bytes', 0])
    const beyond = await staff.request({
      url: video.original!.url,
      headers: { range: `bytes=${String(video.original!.bytes)}-` },
    })
    expect(beyond.statusCode).toBe(416)
    expect(beyond.headers['content-range']).toBe(`bytes */${String(video.original!.bytes)}`)
  })

  it('shows unpublished media to its owner and admins only, then to everyone once published', async () => {
    const variant = photo.variants.find((v) => v.format === 'webp')!
    const anonymous = new TestClient(t.app)
    expect((await anonymous.request({ url: `/api/media/${photo.id}` })).statusCode).toBe(404)
    expect((await anonymous.request({ url: variant.url })).statusCode).toBe(404)
    expect((await otherStaff.request({ url: variant.url })).statusCode).toBe(404)
    const own = await staff.request({ url: variant.url })
    expect(own.statusCode).toBe(200)
    expect(own.headers['cache-control']).toBe('private, no-cache')
    expect((await admin.request({ url: `/api/media/${photo.id}` })).statusCode).toBe(200)

    await setMediaStatus(t.database.db, photo.id, 'published')
    const published = await anonymous.request({ url: variant.url })
    expect(published.statusCode).toBe(200)
    expect(published.headers['content-type']).toBe('image/webp')
    expect(published.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect((await sharp(published.rawPayload).metadata()).format).toBe('webp')
    const again = await anonymous.request({
      url: variant.url,
      headers: { 'if-none-match': published.headers.etag as string },
    })
    expect(again.statusCode).toBe(304)
    expect((await anonymous.request({ url: `/api/media/${photo.id}/0000000000000000-320.webp` })).statusCode).toBe(404)
    expect((await anonymous.request({ url: `/api/media/${photo.id}/..%2F..%2Fetc%2Fpasswd` })).statusCode).toBe(400)
  })
})
