/**
 * The unique index or constraint a statement was refused by (SQLSTATE 23505), or undefined for any
 * other error. Both drivers put `code` and `constraint` on their error; Drizzle wraps it as `cause`.
 */
export function uniqueViolation(error: unknown): string | undefined {
  let current: unknown = error
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const { code, constraint, cause } = current as { code?: unknown; constraint?: unknown; cause?: unknown }
    if (code === '23505') return typeof constraint === 'string' ? constraint : ''
    current = cause
  }
  return undefined
}
