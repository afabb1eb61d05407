/**
 * Whether a text is written in Chinese: at least half of its letters are Han characters. A zh
 * field holding an English sentence with one 中文 name in it ("UN day …; it opens 中国水周") is
 * not Chinese; a Chinese sentence naming "UNESCO" or "WMO" still is.
 */
export function isChineseText(text: string): boolean {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0
  const latin = text.match(/\p{Script=Latin}/gu)?.length ?? 0
  // A Latin word of ~5 letters says about as much as 2 Han characters.
  return han > 0 && han >= latin / 2.5
}
