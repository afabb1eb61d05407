import { randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { copyFile, mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises'
import { dirname, join, relative, resolve, sep } from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import {
  assertKey,
  assertPrefix,
  contentTypeOfKey,
  type BytePatch,
  type ByteRange,
  type MediaStore,
  type ObjectHead,
  type ObjectRead,
  type PutOptions,
} from './media-store.ts'

/**
 * Media as files under one directory (DATA_DIR/media by default). Objects appear whole: each is
 * written to a temporary name beside its place and renamed, so a reader never sees half a file.
 */
export class FileMediaStore implements MediaStore {
  readonly kind = 'file'
  readonly root: string

  constructor(root: string) {
    this.root = resolve(root)
  }

  /** The file of a key; refuses anything that would leave the root, whatever assertKey let by. */
  path(key: string): string {
    assertKey(key)
    const path = resolve(this.root, key)
    if (!path.startsWith(this.root + sep)) throw new Error(`media key ${JSON.stringify(key)} leaves the store`)
    return path
  }

  private async temporaryBeside(path: string): Promise<string> {
    await mkdir(dirname(path), { recursive: true })
    return `${path}.${randomBytes(6).toString('hex')}.tmp`
  }

  async put(key: string, body: Buffer | Readable, _options: PutOptions): Promise<void> {
    const path = this.path(key)
    const temporary = await this.temporaryBeside(path)
    try {
      await pipeline(Buffer.isBuffer(body) ? [body] : body, createWriteStream(temporary, { flags: 'wx' }))
      await rename(temporary, path)
    } catch (error) {
      await unlink(temporary).catch(() => {})
      throw error
    }
  }

  /**
   * Takes over a finished upload's file (the tus file store's, on the same disk: a rename, not a
   * copy of up to 500 MB), then writes the patches into it.
   */
  async adoptFile(key: string, source: string, patches: readonly BytePatch[] = []): Promise<void> {
    const path = this.path(key)
    const temporary = await this.temporaryBeside(path)
    try {
      await rename(source, temporary).catch(async (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EXDEV') throw error
        await copyFile(source, temporary)
        await unlink(source)
      })
      if (patches.length > 0) {
        const handle = await open(temporary, 'r+')
        try {
          for (const patch of patches) await handle.write(patch.bytes, 0, patch.bytes.length, patch.offset)
        } finally {
          await handle.close()
        }
      }
      await rename(temporary, path)
    } catch (error) {
      await unlink(temporary).catch(() => {})
      throw error
    }
  }

  async head(key: string): Promise<ObjectHead | null> {
    const info = await stat(this.path(key)).catch(() => null)
    return info?.isFile() ? { bytes: info.size, contentType: contentTypeOfKey(key) } : null
  }

  async get(key: string, range?: ByteRange): Promise<ObjectRead | null> {
    const head = await this.head(key)
    if (!head) return null
    const body = createReadStream(this.path(key), range ? { start: range.start, end: range.end } : {})
    return { ...head, body, range: range ?? null }
  }

  async delete(key: string): Promise<void> {
    await unlink(this.path(key)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error
    })
  }

  async list(prefix: string): Promise<string[]> {
    assertPrefix(prefix)
    // Only the folder the prefix names is read (`<id>/` → that media's folder), not the whole store.
    const folder = prefix.includes('/') ? join(this.root, prefix.slice(0, prefix.lastIndexOf('/'))) : this.root
    const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => [])
    return entries
      .filter((entry) => entry.isFile() && !entry.name.endsWith('.tmp'))
      .map((entry) => relative(this.root, join(entry.parentPath, entry.name)).split(sep).join('/'))
      .filter((key) => key.startsWith(prefix))
      .sort()
  }
}
