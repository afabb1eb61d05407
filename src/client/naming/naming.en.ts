import type zhCN from './naming.zh-CN.ts'

/** English strings of the naming screens, typed against naming.zh-CN.ts (a missing key fails the type check). */
export default {
  designationsTitle: 'Named batches',
  designationsSubtitle: 'Every batch of national natural-resources science bases named so far',
  loading: 'Loading…',
  empty: 'No batch has been published yet',
  emptyHint: 'Once a batch is published, each of its bases is listed here',
  failed: 'Could not load. Check the connection and try again',
  retry: 'Try again',
  baseCount: '{n} bases',
  renamed: 'named again',
  list: {
    national: 'National natural-resources science base',
    ministry: 'Ministry of Natural Resources science base',
  },
} satisfies typeof zhCN
