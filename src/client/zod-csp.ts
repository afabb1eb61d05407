// Loaded by index.html as its own module script *before* main.ts: module scripts run in document
// order, so this runs before any schema in src/shared/ is built. Zod compiles object parsers with
// `new Function` when it may; merely probing for that is reported as a CSP violation under our
// policy (no 'unsafe-eval'), although the error is caught. `jitless` skips the probe and the
// compiled parsers; the server keeps them.
import { config } from 'zod'

config({ jitless: true })
