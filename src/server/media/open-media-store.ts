import { join } from 'node:path'
import type { AppConfig } from '../config.ts'
import type { MediaStore } from './media-store.ts'
import { FileMediaStore } from './media-store-file.ts'
import { S3MediaStore } from './media-store-s3.ts'

/** The configured media store: the S3 bucket when `S3_*` is set, else files under DATA_DIR/media. */
export function openMediaStore(config: Pick<AppConfig, 'dataDir' | 's3'>): MediaStore {
  return config.s3 ? new S3MediaStore(config.s3) : new FileMediaStore(join(config.dataDir, 'media'))
}
