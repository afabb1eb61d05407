export type ShareOutcome = 'shared' | 'copied' | 'cancelled' | 'failed'

/**
 * The system share sheet where there is one (Web Share API), else the link goes to the clipboard.
 * Cancelling the sheet is not an error.
 */
export async function shareOrCopy(data: { title: string; text: string; url: string }): Promise<ShareOutcome> {
  if (typeof navigator.share === 'function') {
    try {
      await navigator.share(data)
      return 'shared'
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') return 'cancelled'
    }
  }
  try {
    await navigator.clipboard.writeText(data.url)
    return 'copied'
  } catch {
    return 'failed'
  }
}
