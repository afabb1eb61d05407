/// <reference types="vite/client" />

// Lets plain TypeScript tools (typescript-eslint) type `.vue` imports; vue-tsc uses the real file types.
declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}
