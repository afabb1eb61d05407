import { HttpError } from '../http-error.ts'

/*
 * Passwords people actually guess first: `1234567890` met the length rule. Checked on the server
 * only, where accounts are created (account-service `createAccount`): the list has tens of
 * thousands of entries, and the shared `password` schema is also in the client bundle. The list is
 * @zxcvbn-ts/language-common's `passwords-common` (ranked from breach corpora), read offline from
 * node_modules, once, on the first check.
 */

/** Why a password is refused, in Chinese and English; null when it is acceptable. */
export type PasswordProblem = string | null

let commonPasswords: Promise<ReadonlySet<string>> | undefined

/** The common-password list, lower-cased; loaded on first use and kept. */
export function loadCommonPasswords(): Promise<ReadonlySet<string>> {
  commonPasswords ??= import('@zxcvbn-ts/language-common').then(
    ({ dictionary }) => new Set(dictionary['passwords-common'].map((p) => p.toLowerCase())),
  )
  return commonPasswords
}

const TOO_COMMON = '这个密码太常见，容易被猜中 / this password is too common and easy to guess'
const IS_USERNAME = '密码不能与用户名相同 / the password must not be the username'
const ONE_CHARACTER = '密码不能只由一个字符重复组成 / the password must not be one character repeated'
const SEQUENCE =
  '密码不能是连续的字符（如 1234567890、abcdefghij）/ the password must not be a simple sequence (like 1234567890 or abcdefghij)'

/**
 * A run of code points that steps by +1 or −1 throughout ("0123456789", "zyxwvuts"), or walks a
 * keyboard row, is guessed at once whatever its length.
 */
function isSequence(password: string): boolean {
  const points = Array.from(password.toLowerCase(), (c) => c.codePointAt(0)!)
  const step = points[1]! - points[0]!
  if ((step === 1 || step === -1) && points.every((p, i) => i === 0 || p - points[i - 1]! === step)) return true
  const lower = password.toLowerCase()
  return KEYBOARD_RUNS.some((row) => row.includes(lower) || [...row].reverse().join('').includes(lower))
}
/** Digits then wrapping round to the start ("7890123456") count as a sequence too. */
const KEYBOARD_RUNS = ['1234567890'.repeat(3), 'qwertyuiop'.repeat(2), 'asdfghjkl'.repeat(2), 'zxcvbnm'.repeat(3)]

/** What is wrong with this password for this username, or null. Compares case-insensitively. */
export async function passwordProblem(password: string, username: string): Promise<PasswordProblem> {
  const lower = password.toLowerCase()
  if (lower === username.toLowerCase()) return IS_USERNAME
  if (new Set(lower).size === 1) return ONE_CHARACTER
  if (password.length >= 2 && isSequence(password)) return SEQUENCE
  if ((await loadCommonPasswords()).has(lower)) return TOO_COMMON
  return null
}

/** Throws a 400 naming `body.password` (so the form shows why under the field) when the password would be guessed first. */
export async function assertPasswordAllowed(password: string, username: string): Promise<void> {
  const problem = await passwordProblem(password, username)
  if (problem)
    throw new HttpError(400, `Invalid body: body.password ${problem}`, {}, [
      { path: 'body.password', message: problem },
    ])
}
