/*
 * The ticket's QR code as an SVG string. `qrcode` is imported on first use, so only the ticket
 * screen's chunk carries it; the service worker precaches that chunk, so a ticket opened offline
 * still draws.
 */

/** Error correction M (15 %): survives a cracked screen or glare at the gate and stays easy to scan. */
export async function ticketQrSvg(token: string): Promise<string> {
  const { toString } = await import('qrcode')
  return toString(token, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 2,
    color: { dark: '#000000', light: '#ffffff' },
  })
}
