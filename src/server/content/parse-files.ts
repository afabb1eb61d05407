import { readdir, readFile } from 'node:fs/promises'
import { basename, extname, join, relative } from 'node:path'
import { parse as parseYaml } from 'yaml'
import type { ContentError } from './content-error.ts'

export interface ContentFile {
  /** Relative path for messages. */
  file: string
  /** The file name without extension: the entry's id. */
  id: string
  data: unknown
  /** Markdown body after the front matter (Markdown files only). */
  body?: string
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/

/** Reads every `*.ext` file of a folder, parsing YAML or Markdown front matter; collects errors. */
export async function readEntries(
  root: string,
  folder: string,
  ext: '.yaml' | '.md',
  errors: ContentError[],
): Promise<ContentFile[]> {
  const dir = join(root, folder)
  let names: string[]
  try {
    names = (await readdir(dir)).filter((n) => extname(n) === ext).sort()
  } catch {
    return []
  }
  const out: ContentFile[] = []
  for (const name of names) {
    const path = join(dir, name)
    const file = relative(process.cwd(), path) || path
    const id = basename(name, ext)
    try {
      const text = await readFile(path, 'utf8')
      if (ext === '.yaml') {
        out.push({ file, id, data: parseYaml(text) })
      } else {
        const match = FRONT_MATTER.exec(text)
        if (!match) {
          errors.push({
            file,
            field: '(front matter)',
            reason: 'a Markdown entry must start with YAML front matter between --- lines',
          })
          continue
        }
        out.push({ file, id, data: parseYaml(match[1]!), body: match[2]!.trim() })
      }
    } catch (error) {
      errors.push({
        file,
        field: '(file)',
        reason: `cannot parse: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
      })
    }
  }
  return out
}

export async function readYamlFile(
  root: string,
  name: string,
  errors: ContentError[],
): Promise<{ file: string; data: unknown } | null> {
  const path = join(root, name)
  const file = relative(process.cwd(), path) || path
  try {
    return { file, data: parseYaml(await readFile(path, 'utf8')) }
  } catch (error) {
    errors.push({
      file,
      field: '(file)',
      reason: `cannot read: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    })
    return null
  }
}
