// Screenshots of the main pages (zh-CN, desktop 1366×800 and phone 390×844) for the README tour.
// Runs only with SCREENSHOTS=1; writes docs/screenshots/<page>-<desktop|phone>.png.
import { test, before, after } from 'node:test'
import { launch, newPage, login, apiGet, sel, settled, shot } from './lib.mjs'

const enabled = process.env.SCREENSHOTS === '1'
let browser
before(async () => {
  if (enabled) browser = await launch()
})
after(async () => {
  await browser?.close()
})

for (const phone of [false, true]) {
  const kind = phone ? 'phone' : 'desktop'
  test(`screenshots (${kind})`, { skip: !enabled && 'set SCREENSHOTS=1' }, async () => {
    const { ctx, page } = await newPage(browser, { phone })
    await page.goto('/login')
    await page.locator(sel('login-submit')).waitFor()
    await shot(page, `login-${kind}`)

    await login(page, 'city.officer')
    await settled(page)
    await shot(page, `home-${kind}`)

    await page.goto('/orgs')
    const tree = page.locator(sel('org-tree'))
    const county = tree.locator('.el-tree-node__content', { hasText: '东阿县' }).first()
    await county.waitFor()
    await county.locator('.el-tree-node__expand-icon').click()
    await tree.locator(sel('org-node-school')).first().waitFor()
    await shot(page, `orgs-${kind}`)

    await page.goto('/schools?q=' + encodeURIComponent('东阿'))
    await settled(page)
    await page.locator(sel('school-row')).first().waitFor()
    await shot(page, `schools-${kind}`)

    const list = await apiGet(page, '/schools?q=' + encodeURIComponent('东阿') + '&page_size=1')
    await page.goto('/schools/' + list.body.items[0].id)
    await page.locator(sel('school-basic')).waitFor()
    await shot(page, `school-detail-${kind}`)

    await page.goto('/integrity')
    await page.locator(sel('journal-head')).waitFor()
    await page.locator(sel('verify-now')).click()
    await page.locator(sel('verify-ok')).or(page.locator(sel('verify-bad'))).first().waitFor({ timeout: 60000 })
    await shot(page, `integrity-${kind}`)
    await ctx.close()

    const admin = await newPage(browser, { phone })
    await login(admin.page, 'admin')
    await admin.page.goto('/admin/users')
    await admin.page.locator(sel('user-row')).first().waitFor()
    await settled(admin.page)
    await shot(admin.page, `users-${kind}`)
    if (phone) {
      await admin.page.locator(sel('hamburger')).click()
      await admin.page.locator('.el-drawer').waitFor()
      await shot(admin.page, `menu-${kind}`)
    }
    await admin.ctx.close()
  })
}
