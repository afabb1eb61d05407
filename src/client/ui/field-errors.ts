import type { z } from 'zod'

/**
 * Validates a form with the same Zod schema the API uses and returns the first message per field
 * ("school.name" → "at least 2 characters"), or null when the form is valid.
 */
export function fieldErrors<S extends z.ZodType>(schema: S, value: unknown): Record<string, string> | null {
  const result = schema.safeParse(value)
  if (result.success) return null
  const errors: Record<string, string> = {}
  for (const issue of result.error.issues) {
    const key = issue.path.join('.')
    errors[key] ??= issue.message
  }
  return errors
}
