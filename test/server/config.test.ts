import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../src/server/config.ts'
import { openDatabase } from '../../src/server/db/connect.ts'

describe('configuration', () => {
  it('has defaults that start the app with nothing set', () => {
    expect(loadConfig({})).toMatchObject({ port: 8080, host: '127.0.0.1', dataDir: './data', databaseUrl: undefined })
  })

  it('names every bad variable in one error', () => {
    const error = (() => {
      try {
        loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' })
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(ConfigError)
    const message = (error as Error).message
    expect(message).toContain('3 variables')
    expect(message).toMatch(/PORT="eighty"/)
    expect(message).toMatch(/DATABASE_URL="mysql:\/\/x": must start with postgres/)
    expect(message).toMatch(/LOG_LEVEL="loud"/)
  })

  it('fails start-up with a clear message, and no password, when DATABASE_URL is wrong', async () => {
    const attempt = openDatabase({ driver: 'postgres', url: 'postgres://ziran:s3cret-pw@127.0.0.1:1/ziran' })
    await expect(attempt).rejects.toThrow(
      /Cannot connect to PostgreSQL at 127\.0\.0\.1:1\/ziran as ziran: .*Check DATABASE_URL/,
    )
    await expect(attempt).rejects.not.toThrow(/s3cret-pw/)
  })
})
