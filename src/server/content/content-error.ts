import type { z } from 'zod'

/** One problem in one content file, reported as `file: field — reason`. */
export interface ContentError {
  /** Relative to the repository root, e.g. `content/bases/foo.yaml`. */
  file: string
  /** Dotted path inside the entry, e.g. `location.lat`; `(file)` for the whole file. */
  field: string
  reason: string
}

export function formatContentError(error: ContentError): string {
  return `${error.file}: ${error.field} — ${error.reason}`
}

export function zodErrors(file: string, error: z.ZodError, prefix = ''): ContentError[] {
  return error.issues.map((issue) => {
    // An unknown key is reported on the object that holds it; name the key itself instead.
    const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys.join(',')] : issue.path
    return { file, field: [prefix, ...path.map(String)].filter(Boolean).join('.') || '(entry)', reason: issue.message }
  })
}
