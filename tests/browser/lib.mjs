// Shared helpers for the browser tests (node:test + playwright-core driving Debian's chromium).
import { createRequire } from 'node:module'
import path from 'node:path'
import fs from 'node:fs'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
export const ROOT = process.env.ROOT || path.resolve(here, '../..')
const require = createRequire(path.join(ROOT, 'web', 'package.json'))
const { chromium } = require('playwright-core')

export const BASE_URL = (process.env.BASE_URL || 'http://127.0.0.1:8080').replace(/\/$/, '')
export const PASSWORD = 'anxiao-demo'
export const DESKTOP = { width: 1366, height: 800 }
export const PHONE = { width: 390, height: 844 }

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/** A fresh context (no cookies, no localStorage) and a page in it. */
export async function newPage(browser, { phone = false } = {}) {
  const ctx = await browser.newContext({
    viewport: phone ? PHONE : DESKTOP,
    deviceScaleFactor: 1,
    isMobile: phone,
    hasTouch: phone,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    baseURL: BASE_URL,
  })
  ctx.setDefaultTimeout(15000)
  const page = await ctx.newPage()
  page.on('pageerror', (e) => console.error('[pageerror]', e.message))
  return { ctx, page }
}

export const sel = (id) => `[data-test="${id}"]`
/** An Element Plus input whose data-test may sit on the wrapper or on the <input> itself. */
export const inputSel = (id) => `input[data-test="${id}"], [data-test="${id}"] input`

export async function login(page, username, password = PASSWORD, { expectHome = true } = {}) {
  if (!page.url().includes('/login')) await page.goto('/login')
  await page.locator(inputSel('login-username')).first().fill(username)
  await page.locator(inputSel('login-password')).first().fill(password)
  await page.locator(sel('login-submit')).click()
  if (expectHome) {
    await page.waitForURL((u) => !u.pathname.startsWith('/login'))
    await page.locator(sel('home-greeting')).or(page.locator('.ax-main')).first().waitFor()
  }
}

/** Calls the API from inside the page (with its session cookie). */
export async function apiGet(page, p) {
  return page.evaluate(async (url) => {
    const r = await fetch(url, { headers: { Accept: 'application/json' } })
    return { status: r.status, body: await r.json().catch(() => null) }
  }, '/api/v1' + p)
}

/** Route names of the visible menu items, in order. */
export async function menuNames(page) {
  const items = page.locator('.ax-menu [data-test^="menu-"]')
  await items.first().waitFor()
  const n = await items.count()
  const out = []
  for (let i = 0; i < n; i++) {
    const v = await items.nth(i).getAttribute('data-test')
    if (await items.nth(i).isVisible()) out.push(v.replace(/^menu-/, ''))
  }
  return out
}

export async function shot(page, name) {
  if (process.env.SCREENSHOTS !== '1') return
  const dir = path.join(ROOT, 'docs', 'screenshots')
  fs.mkdirSync(dir, { recursive: true })
  await page.waitForTimeout(400) // let transitions settle
  await page.screenshot({ path: path.join(dir, name + '.png'), fullPage: false })
}

/** Waits until the element-plus loading masks are gone. */
export async function settled(page) {
  await page.waitForFunction(() => !document.querySelector('.el-loading-mask'), null, { timeout: 15000 }).catch(() => {})
}
