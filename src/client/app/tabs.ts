/** The bottom tab bar, in order. `name` is also the route's first path segment and the i18n key. */
export const TABS = [
  { name: 'bases', to: '/bases', icon: 'location-o' },
  { name: 'works', to: '/works', icon: 'video-o' },
  { name: 'calendar', to: '/calendar', icon: 'calendar-o' },
  { name: 'notices', to: '/notices', icon: 'bullhorn-o' },
  { name: 'me', to: '/me', icon: 'user-o' },
] as const
export type TabName = (typeof TABS)[number]['name']
