/** 申报与命名 screens' strings (Chinese), merged under `naming` before a screen renders (naming-messages.ts). */
export default {
  designationsTitle: '命名批次',
  designationsSubtitle: '每一批命名的国家自然资源科普基地',
  loading: '正在载入…',
  empty: '还没有发布的命名批次',
  emptyHint: '批次发布后，这里会列出其中的每个基地',
  failed: '载入失败，请检查网络后重试',
  retry: '重试',
  baseCount: '共 {n} 个基地',
  renamed: '再次命名',
  list: {
    national: '国家自然资源科普基地',
    ministry: '自然资源部科普基地',
  },
}
