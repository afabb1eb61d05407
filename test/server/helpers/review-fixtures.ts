import { expect } from 'vitest'
import { experts } from '../../../src/server/db/schema.ts'
import { EXPERT_VISIBILITY_DEFAULT } from '../../../src/shared/index.ts'
import { seedAccount, TestClient, type TestApp } from './test-app.ts'

/* Review panels' judges: expert accounts with a profile, whose institution conflicts are checked against. */

/** A signed-in client of a new account. */
export async function signIn(
  t: TestApp,
  username: string,
  role: 'admin' | 'base_staff' | 'school' | 'expert',
  extra: { baseId?: string } = {},
): Promise<TestClient & { accountId: string }> {
  const { account, password } = await seedAccount(t, username, role, extra)
  const client = new TestClient(t.app)
  expect((await client.login(username, password)).statusCode).toBe(200)
  return Object.assign(client, { accountId: account.id })
}

/** An expert with an account (a judge), signed in: the profile holds their institution, which conflicts are checked against. */
export async function seedJudge(
  t: TestApp,
  username: string,
  profile: { name: string; institution?: string | null },
): Promise<TestClient & { accountId: string; expertId: string }> {
  const client = await signIn(t, username, 'expert')
  const [row] = await t.database.db
    .insert(experts)
    .values({
      name: profile.name,
      namePinyin: username,
      nameInitials: username.slice(0, 3),
      institution: profile.institution ?? null,
      visibility: EXPERT_VISIBILITY_DEFAULT,
      status: 'active',
      source: 'invitation',
      accountId: client.accountId,
    })
    .returning({ id: experts.id })
  return Object.assign(client, { expertId: row!.id })
}
