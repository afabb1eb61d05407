/// <reference types="vite/client" />

// Lets plain TypeScript tools (typescript-eslint) type `.vue` imports; vue-tsc uses the real file types.
declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}

interface ImportMetaEnv {
  /** Tianditu browser key; without it the map uses OpenStreetMap tiles. */
  readonly VITE_TIANDITU_KEY?: string
  /** The map approval number (审图号) shown with the map, as issued for this deployment. */
  readonly VITE_MAP_APPROVAL_NUMBER?: string
}
