// The app shell in index.html: the tab bar and, on a tab's own address, that tab's title, as static
// markup inside #app. A phone on a slow network paints it as soon as the HTML and the first-screen
// CSS arrive, instead of a blank page until every module of the first screen has downloaded and
// run; the app replaces it in one paint once the route's code is in (src/client/main.ts). The links
// are real links, so the tab bar works before the script does. Built from the same sources as the
// app (tabs.ts and the locale files), with the same classes (AppShell.vue, AppPage.vue), so the two
// cannot drift apart. public/before-first-paint.js picks the tab and the language at load.
import type { Plugin } from 'vite'
import en from '../src/client/app/locales/en.ts'
import zhCN from '../src/client/app/locales/zh-CN.ts'
import { TABS } from '../src/client/app/tabs.ts'

type Messages = typeof zhCN

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${String(c.charCodeAt(0))};`)

/** What before-first-paint.js needs per language: tab labels, and each tab's title and subtitle. */
function shellStrings(m: Messages) {
  return {
    name: m.app.name,
    tabs: m.tabs,
    pages: {
      bases: { title: m.bases.title },
      works: { title: m.works.title, subtitle: m.works.subtitle },
      calendar: { title: m.calendar.title, subtitle: m.calendar.subtitle },
      notices: { title: m.notices.title },
      me: { title: m.me.title },
    },
  }
}

export function shellMarkup(): string {
  const tabs = TABS.map(
    (tab) =>
      `<a class="app-shell__tab" href="${tab.to}" data-shell-tab="${tab.name}">` +
      `<i class="van-icon van-icon-${tab.icon} app-shell__tab-icon" aria-hidden="true"></i><span>${escapeHtml(zhCN.tabs[tab.name])}</span></a>`,
  ).join('')
  return (
    '<div class="app-shell" data-shell>' +
    '<div class="app-shell__content"><main class="app-page" data-shell-page hidden><header class="app-page__header">' +
    '<h1 class="app-page__title" data-shell-title></h1><p class="app-page__subtitle" data-shell-subtitle hidden></p>' +
    '</header></main></div>' +
    `<nav class="app-shell__tabbar" aria-label="${escapeHtml(zhCN.app.name)}">${tabs}</nav></div>`
  )
}

export function appShell(): Plugin {
  return {
    name: 'zk-app-shell',
    transformIndexHtml(html) {
      if (!html.includes('<div id="app"></div>'))
        throw new Error('index.html: <div id="app"></div> not found; the app shell plugin fills it')
      // A JSON data block is not script: the CSP (no inline script) does not apply to it.
      const strings = JSON.stringify({ 'zh-CN': shellStrings(zhCN), en: shellStrings(en as Messages) }).replace(
        /</g,
        '\\u003c',
      )
      return html.replace(
        '<div id="app"></div>',
        `<div id="app">${shellMarkup()}</div>\n    <script type="application/json" id="zk-shell">${strings}</script>`,
      )
    },
  }
}
