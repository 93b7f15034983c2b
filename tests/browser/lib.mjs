// Shared helpers for the browser tests (node:test + playwright-core driving Debian's chromium).
import { createRequire } from 'node:module'
import path from 'node:path'
import fs from 'node:fs'
import zlib from 'node:zlib'
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

/**
 * Picks the option `text` in the Element Plus select `selectId` and returns once the select shows it
 * and its dropdown is hidden again. On a phone the open dropdown lies over the fields and buttons below
 * it, so a click that follows while it is still there lands on the dropdown. The dropdown is found
 * through the select's own aria-controls (not any visible dropdown, which may be another select's that
 * is still fading out). Escape goes to the select's input, which handles it and stops it there, so it
 * closes the dropdown and never reaches an enclosing dialog.
 */
export async function pickOption(page, selectId, text) {
  const select = page.locator(sel(selectId)).first()
  const input = select.locator('input[role="combobox"]')
  await select.click()
  const list = page.locator(`[id="${await input.getAttribute('aria-controls')}"]`)
  await list.waitFor()
  await list.locator('.el-select-dropdown__item', { hasText: text }).first().click()
  await select.locator('.el-select__selected-item', { hasText: text }).first().waitFor()
  await input.press('Escape')
  await select.locator('input[role="combobox"][aria-expanded="false"]').waitFor({ state: 'attached' })
  await list.waitFor({ state: 'hidden' })
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

// ---- test photos ----

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32(buf) {
  let c = 0xffffffff
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
function chunk(type, data) {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(td))
  return Buffer.concat([len, td, crc])
}
/** A real w×h RGB PNG: a colour gradient seeded by `seed`, so each photo has its own bytes. */
export function makePng(w, h, seed) {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(w, 0)
  ihdr.writeUInt32BE(h, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 2 // RGB
  const rows = []
  for (let y = 0; y < h; y++) {
    const row = Buffer.alloc(1 + w * 3)
    for (let x = 0; x < w; x++) {
      row[1 + x * 3] = (x * 4 + seed * 40) & 0xff
      row[2 + x * 3] = (y * 4 + seed * 90) & 0xff
      row[3 + x * 3] = (x + y + seed * 13) & 0xff
    }
    rows.push(row)
  }
  const idat = zlib.deflateSync(Buffer.concat(rows))
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

/** A write through the API from inside the page (session cookie, CSRF token from /me). */
export async function apiSend(page, method, p, body, ifMatch) {
  return page.evaluate(
    async ([method, url, body, ifMatch]) => {
      const me = await (await fetch('/api/v1/me')).json()
      const headers = {
        'Content-Type': 'application/json',
        Accept: 'application/json',
        'X-CSRF-Token': me.csrf_token,
        'Idempotency-Key': crypto.randomUUID(),
      }
      if (ifMatch !== undefined && ifMatch !== null) headers['If-Match'] = `"${ifMatch}"`
      const r = await fetch(url, { method, headers, body: JSON.stringify(body ?? {}) })
      return { status: r.status, body: await r.json().catch(() => null) }
    },
    [method, '/api/v1' + p, body, ifMatch],
  )
}
