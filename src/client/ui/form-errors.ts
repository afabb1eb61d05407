import type { z } from 'zod'

type Translate = (key: string, values?: Record<string, unknown>) => string

/**
 * What a form says about a field the contract refuses, per field and per kind of problem, in the
 * reader's language. The schemas' own messages are English notes for API clients and logs; a
 * form maps each Zod issue here instead. Keys are field paths ("area.description"), values message
 * keys that say the field's rule ("3–40 letters or digits…"); fields without one get a message
 * built from the kind of issue ("at least 10 characters").
 */
export type FieldMessages = Record<string, string>

/** The message for one issue: the form's own for its field, else one built from the issue's kind. */
export function issueMessage(issue: z.core.$ZodIssue, t: Translate, messages: FieldMessages = {}): string {
  const own = messages[issue.path.join('.')]
  if (own) return t(own)
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'array' || issue.origin === 'set')
        return t('form.chooseAtLeast', { n: Number(issue.minimum) })
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1 ? t('form.required') : t('form.tooShort', { n: Number(issue.minimum) })
      return t('form.tooSmall', { n: Number(issue.minimum) })
    case 'too_big':
      if (issue.origin === 'string') return t('form.tooLong', { n: Number(issue.maximum) })
      if (issue.origin === 'array' || issue.origin === 'set')
        return t('form.chooseAtMost', { n: Number(issue.maximum) })
      return t('form.tooBig', { n: Number(issue.maximum) })
    case 'invalid_type':
      return issue.input === undefined || issue.input === null || issue.input === ''
        ? t('form.required')
        : t('form.invalid')
    case 'invalid_value':
      return t('form.choose')
    case 'invalid_format':
    case 'custom':
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
    case 'not_multiple_of':
    case 'unrecognized_keys':
      return t('form.invalid')
  }
}

/**
 * Validates a form with the same Zod schema the API uses and returns the first localized message
 * per field ("school.name" → "至少 2 个字"), or null when the form is valid. One message per field:
 * a field that breaks two rules shows the first.
 */
export function localizedFieldErrors<S extends z.ZodType>(
  schema: S,
  value: unknown,
  t: Translate,
  messages: FieldMessages = {},
): Record<string, string> | null {
  const result = schema.safeParse(value)
  if (result.success) return null
  const errors: Record<string, string> = {}
  for (const issue of result.error.issues) errors[issue.path.join('.')] ??= issueMessage(issue, t, messages)
  return errors
}

/**
 * The reader's half of a server message written "中文 / English" (the API's own errors are), or
 * the whole message when it is not written that way.
 */
export function serverMessage(message: string, locale: string): string {
  const parts = message.split(' / ')
  if (parts.length !== 2) return message
  return (locale === 'en' ? parts[1] : parts[0])!.trim()
}
