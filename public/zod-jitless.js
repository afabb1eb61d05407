// Runs before the app's modules (a classic script, so no bundler can reorder it): Zod reads this
// object as its global config. `jitless` stops Zod probing `new Function` for compiled parsers,
// which our Content Security Policy (no 'unsafe-eval') reports as a violation even though Zod
// catches the error. The server keeps Zod's compiled parsers.
globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, { jitless: true })
