import argon2 from 'argon2'

// argon2id with the library's defaults (m = 64 MiB, t = 3, p = 4), per OWASP guidance.
export const hashPassword = (password: string): Promise<string> => argon2.hash(password, { type: argon2.argon2id })

let dummyHash: Promise<string> | undefined

/**
 * Verifies a password; with no stored hash (unknown user) it still runs one verification, so
 * a wrong username and a wrong password take the same time and cannot be told apart.
 */
export async function verifyPassword(hash: string | undefined, password: string): Promise<boolean> {
  dummyHash ??= hashPassword('not-a-real-password-for-timing')
  const ok = await argon2.verify(hash ?? (await dummyHash), password).catch(() => false)
  return hash !== undefined && ok
}
