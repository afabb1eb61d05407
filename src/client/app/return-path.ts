/**
 * Where to go back to after a detour (signing in, the registration form): an in-app path from the
 * route's query, or null. Only a path of this app is taken ("/calendar/events/…"), never "//host"
 * or a full URL, so a crafted link cannot send someone off-site after they sign in.
 */
export function returnPath(value: unknown): string | null {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return null
  return value
}
