import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import {
  aspectRatio,
  detect,
  inspectImage,
  inspectMp4,
  inspectPdf,
  MediaRejected,
  type ByteSource,
} from '../../src/server/media/inspect.ts'
import { sniff } from '../../src/server/media/sniff.ts'
import { minimalPdf, pngClaiming, sampleM4a, sampleMp4 } from './helpers/media-fixtures.ts'

const source = (bytes: Buffer): ByteSource => ({
  size: bytes.length,
  read: (start, length) => Promise.resolve(bytes.subarray(start, start + length)),
})

describe('what a file is, by its content', () => {
  it.each([
    [
      'a JPEG',
      async () =>
        sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } })
          .jpeg()
          .toBuffer(),
      'jpeg',
      'image',
    ],
    [
      'a PNG',
      async () =>
        sharp({ create: { width: 8, height: 8, channels: 4, background: '#fff0' } })
          .png()
          .toBuffer(),
      'png',
      'image',
    ],
    [
      'a WebP',
      async () =>
        sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } })
          .webp()
          .toBuffer(),
      'webp',
      'image',
    ],
    [
      'an AVIF',
      async () =>
        sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } })
          .avif()
          .toBuffer(),
      'avif',
      'image',
    ],
    ['a PDF', () => Promise.resolve(minimalPdf()), 'pdf', 'pdf'],
    ['an MP4', () => Promise.resolve(sampleMp4()), 'mp4', 'video'],
    ['an M4A', () => Promise.resolve(sampleM4a()), 'm4a', 'audio'],
  ])('recognises %s', async (_label, make, format, kind) => {
    expect(sniff(await make())).toMatchObject({ format, kind })
  })

  it.each([
    ['plain text', Buffer.from('Hello, 你好\n'.repeat(40)), 'plain text'],
    [
      'an SVG',
      Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      'an SVG image',
    ],
    ['an HTML page', Buffer.from('<!DOCTYPE html><html><body>hi</body></html>'), 'an HTML page'],
    ['a GIF', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00', 'latin1'), 'a GIF image'],
    ['a ZIP (DOCX)', Buffer.from('PK\x03\x04\x14\x00\x06\x00', 'latin1'), 'a ZIP archive'],
    ['an HEIC', Buffer.from('\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic', 'latin1'), 'a HEIC image'],
    ['a WebM', Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81]), 'a WebM or Matroska video'],
    ['random bytes', Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 97 + 13) % 256)), 'data of no known type'],
    ['an empty file', Buffer.alloc(0), 'an empty file'],
  ])('refuses %s, naming it', async (_label, bytes, label) => {
    const found = sniff(bytes)
    expect(found.kind).toBeNull()
    expect(found.label).toContain(label)
    await expect(detect(source(bytes), ['image', 'pdf'])).rejects.toThrow(label)
  })

  it('refuses a PDF where only images are accepted, saying what it is', async () => {
    await expect(detect(source(minimalPdf()), ['image'])).rejects.toThrow(
      /this is a PDF document, whatever its name says; accepted here: JPEG, PNG, WebP or AVIF images/,
    )
  })
})

describe('images', () => {
  it('reads the displayed size after the EXIF rotation', async () => {
    const turned = await sharp({ create: { width: 300, height: 100, channels: 3, background: '#123' } })
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer()
    expect(await inspectImage(turned)).toEqual({ format: 'jpeg', width: 100, height: 300 })
  })

  it('refuses a decompression bomb by its header, before decoding it', async () => {
    const bomb = pngClaiming(50_000, 50_000)
    expect(bomb.length).toBeLessThan(100)
    const refusal = await inspectImage(bomb).catch((e: unknown) => e)
    expect(refusal).toBeInstanceOf(MediaRejected)
    expect((refusal as MediaRejected).statusCode).toBe(413)
    expect((refusal as MediaRejected).message).toMatch(/50000×50000 is 2500 megapixels, more than the 64 allowed/)
  })
})

describe('PDF', () => {
  it('accepts a whole PDF', async () => {
    expect(await inspectPdf(source(minimalPdf()))).toEqual({ version: '1.7' })
  })

  it('refuses a truncated one', async () => {
    const pdf = minimalPdf()
    await expect(inspectPdf(source(pdf.subarray(0, pdf.length - 40)))).rejects.toThrow(
      /truncated: it does not end with %%EOF/,
    )
  })

  it('refuses one whose startxref points nowhere', async () => {
    const broken = Buffer.from(
      minimalPdf()
        .toString('latin1')
        .replace(/startxref\n\d+/, 'startxref\n12'),
      'latin1',
    )
    await expect(inspectPdf(source(broken))).rejects.toThrow(/no cross-reference table where startxref points/)
  })
})

describe('MP4', () => {
  it('reads duration, codecs, size and aspect ratio from the moov box', async () => {
    const mp4 = sampleMp4()
    const info = await inspectMp4(source(mp4), sniff(mp4))
    expect(info.kind).toBe('video')
    expect(info.video).toEqual({
      container: 'mp4',
      durationS: 43.96,
      width: 640,
      height: 360,
      aspectRatio: '16:9',
      videoCodec: 'avc1.4d401e',
      audioCodec: 'mp4a.40.2',
    })
    // ffmpeg's encoder tag (moov/udta) is blanked: type and content.
    expect(info.privatePatches.map((p) => [p.offset, p.bytes.length])).toEqual([
      [38128, 4],
      [38132, 53],
    ])
  })

  it('reads the moov box where phones put it, after the media data', async () => {
    // Same boxes, moov moved to the end: the sample offsets inside moov are not used here.
    const mp4 = sampleMp4()
    const moved = Buffer.concat([mp4.subarray(0, 32), mp4.subarray(38185), mp4.subarray(32, 38185)])
    const info = await inspectMp4(source(moved), sniff(moved))
    expect(info.video.durationS).toBe(43.96)
    expect(info.privatePatches[0]!.offset).toBe(moved.length - 61 + 4)
  })

  it('reads audio-only files as audio', async () => {
    const m4a = sampleM4a()
    const info = await inspectMp4(source(m4a), sniff(m4a))
    expect(info.kind).toBe('audio')
    expect(info.video).toMatchObject({
      container: 'm4a',
      width: null,
      aspectRatio: null,
      videoCodec: null,
      audioCodec: 'mp4a.40.2',
    })
  })

  it('refuses a truncated video, saying where it ends', async () => {
    const mp4 = sampleMp4()
    await expect(inspectMp4(source(mp4.subarray(0, 200_000)), sniff(mp4))).rejects.toThrow(
      /truncated: its 'mdat' box needs 415159 bytes from byte 38193, but the file ends after 161807/,
    )
  })

  it('refuses a video without a moov box, or with garbage in it', async () => {
    const mp4 = sampleMp4()
    const noMoov = Buffer.concat([mp4.subarray(0, 32), mp4.subarray(38185)])
    await expect(inspectMp4(source(noMoov), sniff(noMoov))).rejects.toThrow(/it has 0 'moov' boxes/)
    const garbage = Buffer.from(mp4)
    garbage.fill(0xff, 40, 400) // inside mvhd and the first trak
    await expect(inspectMp4(source(garbage), sniff(garbage))).rejects.toThrow(MediaRejected)
  })

  it('names aspect ratios as people do', () => {
    expect([
      aspectRatio(1920, 1080),
      aspectRatio(1080, 1920),
      aspectRatio(1440, 1080),
      aspectRatio(1280, 718),
      aspectRatio(1000, 370),
    ]).toEqual(['16:9', '9:16', '4:3', '16:9', '100:37'])
  })
})
