// Creates an admin account from the command line, on the configured database:
//   ZK_ADMIN_PASSWORD='…' npm run create-admin -- --username admin [--display-name 管理员]
// Without ZK_ADMIN_PASSWORD the password is asked for (hidden) when run in a terminal.
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { password as passwordSchema, username as usernameSchema } from '../src/shared/index.ts'
import { ConfigError, loadConfig } from '../src/server/config.ts'
import { DatabaseConnectError } from '../src/server/db/connect.ts'
import { prepareDatabase } from '../src/server/prepare-database.ts'
import { createAccount } from '../src/server/services/account-service.ts'
import { HttpError } from '../src/server/http-error.ts'

async function askHidden(question: string): Promise<string> {
  if (!process.stdin.isTTY) throw new Error('set ZK_ADMIN_PASSWORD (no terminal to ask for the password)')
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true })
  const output = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WriteStream }
  output._writeToOutput = (s: string) => {
    if (s.includes(question)) output.output.write(s)
  }
  const answer = await new Promise<string>((resolve) => rl.question(question, resolve))
  rl.close()
  process.stdout.write('\n')
  return answer
}

const { values } = parseArgs({ options: { username: { type: 'string' }, 'display-name': { type: 'string' } } })
const username = usernameSchema.safeParse(values.username ?? '')
if (!username.success) {
  console.error(`--username: ${username.error.issues[0]?.message ?? 'invalid'}`)
  process.exit(1)
}
try {
  const password = passwordSchema.safeParse(
    process.env.ZK_ADMIN_PASSWORD ?? (await askHidden('Password (10+ characters): ')),
  )
  if (!password.success) throw new Error(`password: ${password.error.issues[0]?.message ?? 'invalid'}`)
  const prepared = await prepareDatabase(loadConfig())
  try {
    const account = await createAccount(prepared.db, {
      username: username.data,
      password: password.data,
      displayName: values['display-name'] ?? '管理员',
      role: 'admin',
      status: 'active',
    })
    console.log(`Admin "${account.username}" created.`)
  } finally {
    await prepared.close()
  }
} catch (error) {
  const known =
    error instanceof ConfigError ||
    error instanceof DatabaseConnectError ||
    error instanceof HttpError ||
    error instanceof Error
  console.error(known ? error.message : String(error))
  process.exit(1)
}
