import 'fake-indexeddb/auto'
import { afterEach, vi } from 'vitest'

// A screen may start loading a lazy chunk (an async component, a feature's strings) just as its
// test ends; on a loaded machine the import can outlive the test file's environment, and the run
// fails with "environment was torn down". Each test waits for the imports it started.
afterEach(async () => {
  await vi.dynamicImportSettled()
})
