import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../src/server/config.ts'

const S3 = {
  S3_ENDPOINT: 'https://oss-cn-beijing.aliyuncs.com',
  S3_BUCKET: 'zk-media',
  S3_REGION: 'cn-beijing',
  S3_ACCESS_KEY_ID: 'LTAI-example',
  S3_SECRET_ACCESS_KEY: 'secret-example-value',
}

describe('object store settings', () => {
  it('keeps media under DATA_DIR when no S3_* variable is set', () => {
    expect(loadConfig({}).s3).toBeNull()
  })

  it('uses the bucket when all five are set', () => {
    expect(loadConfig({ ...S3, S3_FORCE_PATH_STYLE: 'true' }).s3).toEqual({
      endpoint: S3.S3_ENDPOINT,
      bucket: 'zk-media',
      region: 'cn-beijing',
      accessKeyId: 'LTAI-example',
      secretAccessKey: 'secret-example-value',
      forcePathStyle: true,
    })
  })

  it('names each missing one when only some are set, and never prints the secret', () => {
    const error = (() => {
      try {
        loadConfig({ S3_ENDPOINT: S3.S3_ENDPOINT, S3_SECRET_ACCESS_KEY: S3.S3_SECRET_ACCESS_KEY })
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(ConfigError)
    const message = (error as Error).message
    expect(message).toMatch(/Invalid configuration \(3 variables\)/)
    for (const key of ['S3_BUCKET', 'S3_REGION', 'S3_ACCESS_KEY_ID'])
      expect(message).toContain(`${key}="": set all five S3_* variables`)
    expect(message).not.toContain('secret-example-value')
  })

  it('says what a bad endpoint or bucket should look like', () => {
    expect(() => loadConfig({ ...S3, S3_ENDPOINT: 'oss-cn-beijing.aliyuncs.com', S3_BUCKET: 'Media_Bucket' })).toThrow(
      /S3_ENDPOINT="oss-cn-beijing.aliyuncs.com": an http\(s\) URL[\s\S]*S3_BUCKET="Media_Bucket": 3–63 lower-case letters/,
    )
  })
})
