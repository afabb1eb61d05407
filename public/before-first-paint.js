// Runs before the app's modules, as a classic script (no bundler can reorder it; no inline script,
// so the Content Security Policy stays strict). Three things must happen before the first paint:
;(function () {
  // 1. Zod reads this object as its global config. `jitless` stops Zod probing `new Function` for
  //    compiled parsers, which our CSP (no 'unsafe-eval') reports as a violation even though Zod
  //    catches the error. The server keeps Zod's compiled parsers.
  globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, { jitless: true })

  // 2. Dark mode and language from the visitor's settings (src/client/app/settings-store.ts), so a
  //    dark phone never flashes a white page and an English reader never sees Chinese labels.
  var settings = {}
  try {
    settings = JSON.parse(localStorage.getItem('zk.settings.v1') || '{}') || {}
  } catch (e) {
    /* private mode */
  }
  var root = document.documentElement
  var dark =
    settings.theme === 'dark' ||
    (settings.theme !== 'light' &&
      typeof matchMedia === 'function' &&
      matchMedia('(prefers-color-scheme: dark)').matches)
  if (dark) root.classList.add('van-theme-dark')
  var locale = settings.locale === 'en' ? 'en' : 'zh-CN'
  root.lang = locale

  // 3. The static shell (scripts/vite-app-shell.ts): this tab's title and the active tab.
  var data = document.getElementById('zk-shell')
  var shell = document.querySelector('[data-shell]')
  if (!data || !shell) return
  var strings = JSON.parse(data.textContent)[locale]
  var parts = location.pathname.split('/').filter(Boolean)
  var first = parts[0] || 'bases'
  var tab = first === 'setup' ? 'me' : first // the first-run set-up lives under 我的, as in AppShell.vue
  var tabs = shell.querySelectorAll('[data-shell-tab]')
  for (var i = 0; i < tabs.length; i++) {
    var name = tabs[i].getAttribute('data-shell-tab')
    tabs[i].lastChild.textContent = strings.tabs[name]
    if (name === tab) {
      tabs[i].classList.add('app-shell__tab--active')
      tabs[i].setAttribute('aria-current', 'page')
    }
  }
  shell.querySelector('nav').setAttribute('aria-label', strings.name)
  var page = parts.length <= 1 && strings.pages[first]
  if (!page) return // a deeper screen: only the tab bar until the app draws it
  shell.querySelector('[data-shell-title]').textContent = page.title
  if (page.subtitle) {
    var subtitle = shell.querySelector('[data-shell-subtitle]')
    subtitle.textContent = page.subtitle
    subtitle.hidden = false
  }
  shell.querySelector('[data-shell-page]').hidden = false
})()
