/*
 * Reads a ticket QR from the phone camera. BarcodeDetector (Chrome on Android, recent Safari) is
 * used where it reads QR codes; elsewhere frames go to jsQR, imported here on first use so only
 * the check-in screen loads it. The typed code on that screen never depends on any of this.
 */

/** Why the camera cannot be used: each has its own honest message on the screen. */
export type ScannerFailure = 'denied' | 'no-camera' | 'insecure' | 'unsupported' | 'unknown'

export class ScannerError extends Error {
  constructor(
    readonly failure: ScannerFailure,
    cause?: unknown,
  ) {
    super(failure, { cause })
    this.name = 'ScannerError'
  }
}

/** The part of the Shape Detection API used here (TypeScript's DOM library does not declare it). */
interface BarcodeDetectorLike {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>
}
interface BarcodeDetectorClass {
  new (options: { formats: string[] }): BarcodeDetectorLike
  getSupportedFormats(): Promise<string[]>
}

type Decode = (frame: HTMLVideoElement) => Promise<string | null>

/** BarcodeDetector when the browser has it and it reads QR codes, else jsQR on canvas frames. */
async function makeDecoder(): Promise<{ decode: Decode; engine: 'native' | 'jsqr' }> {
  const Native = (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector
  const formats: string[] = Native ? await Native.getSupportedFormats().catch(() => []) : []
  if (Native && formats.includes('qr_code')) {
    const detector = new Native({ formats: ['qr_code'] })
    return { engine: 'native', decode: async (video) => (await detector.detect(video))[0]?.rawValue ?? null }
  }
  const { default: jsQR } = await import('jsqr')
  const canvas = document.createElement('canvas')
  const context = canvas.getContext('2d', { willReadFrequently: true })
  if (!context) throw new ScannerError('unsupported')
  return {
    engine: 'jsqr',
    decode: (video) => {
      if (!video.videoWidth) return Promise.resolve(null)
      // A 640-px-wide frame is plenty for a QR held at arm's length, and keeps each decode quick.
      const scale = Math.min(1, 640 / video.videoWidth)
      canvas.width = Math.round(video.videoWidth * scale)
      canvas.height = Math.round(video.videoHeight * scale)
      context.drawImage(video, 0, 0, canvas.width, canvas.height)
      const image = context.getImageData(0, 0, canvas.width, canvas.height)
      return Promise.resolve(
        jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' })?.data ?? null,
      )
    },
  }
}

export function classifyCameraError(error: unknown): ScannerFailure {
  if (error instanceof ScannerError) return error.failure
  const name = error instanceof DOMException || error instanceof Error ? error.name : ''
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'denied'
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
    case 'NotReadableError':
      return 'no-camera'
    default:
      return 'unknown'
  }
}

export interface RunningScanner {
  engine: 'native' | 'jsqr'
  stop(): void
}

/**
 * Starts the back camera in `video` and calls `onCode` with each QR text read (the same text at
 * most once every 2 s, so a ticket held still is not reported on every frame). Rejects with a
 * ScannerError saying why the camera cannot be used.
 */
export async function startScanner(video: HTMLVideoElement, onCode: (text: string) => void): Promise<RunningScanner> {
  if (!window.isSecureContext) throw new ScannerError('insecure')
  if (!navigator.mediaDevices?.getUserMedia) throw new ScannerError('no-camera')
  let stream: MediaStream
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      video: { facingMode: { ideal: 'environment' } },
      audio: false,
    })
  } catch (error) {
    throw new ScannerError(classifyCameraError(error), error)
  }
  let stopped = false
  const stop = () => {
    stopped = true
    for (const track of stream.getTracks()) track.stop()
    video.srcObject = null
  }
  try {
    video.srcObject = stream
    video.setAttribute('playsinline', '') // iOS would otherwise open the video full screen
    video.muted = true
    await video.play()
    const { decode, engine } = await makeDecoder()
    let last = ''
    let lastAt = 0
    const tick = async () => {
      if (stopped) return
      const text = await decode(video).catch(() => null)
      if (text && (text !== last || Date.now() - lastAt > 2000)) {
        last = text
        lastAt = Date.now()
        onCode(text)
      }
      if (!stopped) setTimeout(() => void tick(), 150)
    }
    void tick()
    return { engine, stop }
  } catch (error) {
    stop()
    throw error instanceof ScannerError ? error : new ScannerError(classifyCameraError(error), error)
  }
}
