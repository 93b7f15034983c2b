// Level reports (逐级上报) in the browser against the real binary with demo data, as two users:
// 东阿县's officer submits the county's report (the figures shown before submitting), 聊城市's officer
// returns it with a reason, the county corrects it by submitting again (the new report names the
// returned one), the city accepts it; the detail shows the frozen figures, a valid hash and
// signature and no change since the report. The demo's own reports (a week ago) are listed too.
// SCREENSHOTS=1 also writes docs/screenshots/reports*.png.
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, login, apiGet, sel, settled, shot } from './lib.mjs'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

const REASON = '学校上报不全，请补齐后重新上报'

async function openReports(page) {
  await page.goto('/reports')
  await page.locator(sel('report-mine')).waitFor()
  await settled(page)
}

async function confirmBox(page) {
  const box = page.locator('.el-message-box')
  await box.waitFor()
  await box.locator('.el-button--primary').click()
  await box.waitFor({ state: 'hidden' })
}

async function submitCounty(page) {
  await openReports(page)
  await page.locator(sel('report-preview') + ' ' + sel('report-figures')).waitFor()
  await page.locator(sel('report-submit')).click()
  await confirmBox(page)
  await page.waitForURL(/\/reports\/rpt_/)
  await page.locator(sel('report-state')).waitFor()
  await settled(page)
  return page.url().split('/reports/')[1]
}

describe('level reports', () => {
  test('a county report is submitted, returned, corrected and accepted', async () => {
    const county = await newPage(browser)
    const city = await newPage(browser)
    await login(county.page, 'county.officer')
    await login(city.page, 'city.officer')

    // The county sees the figures it would report, computed, before submitting.
    await openReports(county.page)
    const total = await county.page.locator(sel('report-preview') + ' ' + sel('fig-total')).innerText()
    assert.match(total, /\d/)
    await shot(county.page, 'reports-desktop')
    const first = await submitCounty(county.page)
    assert.equal((await county.page.locator(sel('report-state')).innerText()).trim(), '已上报，待接收')
    assert.match(await county.page.locator(sel('report-signature-status')).innerText(), /签名有效/)
    assert.match(await county.page.locator(sel('report-hash-status')).innerText(), /一致/)
    await county.page.locator(sel('report-unchanged')).waitFor()
    // The county cannot decide on its own report: no accept button.
    assert.equal(await county.page.locator(sel('report-accept')).count(), 0)

    // The city returns it with a reason (an empty reason is refused in the dialog).
    await openReports(city.page)
    const incoming = city.page.locator(sel('report-incoming'))
    const row = incoming.locator('.el-table__row').filter({ hasText: '东阿县' }).filter({ hasText: '已上报，待接收' })
    await row.first().locator(sel('report-return')).click()
    const box = city.page.locator('.el-message-box')
    await box.waitFor()
    await box.locator('.el-button--primary').click()
    await box.getByText('请填写退回原因').waitFor()
    await box.locator('textarea').fill(REASON)
    await box.locator('.el-button--primary').click()
    await box.waitFor({ state: 'hidden' })
    await settled(city.page)
    let r = await apiGet(city.page, '/reports/' + first)
    assert.equal(r.body.state, 'returned')
    assert.equal(r.body.return_reason, REASON)

    // The county sees the reason and corrects: a new report that supersedes the returned one.
    await county.page.goto('/reports/' + first)
    await county.page.locator(sel('report-return-reason')).waitFor()
    assert.match(await county.page.locator(sel('report-return-reason')).innerText(), new RegExp(REASON))
    const second = await submitCounty(county.page)
    assert.notEqual(second, first)
    await county.page.locator(sel('report-supersedes')).getByText(first).waitFor()

    // The city accepts the correction from the report's page.
    await city.page.goto('/reports/' + second)
    await city.page.locator(sel('report-accept')).click()
    await city.page.locator(sel('report-state')).getByText('已接收').waitFor()
    await settled(city.page)
    r = await apiGet(city.page, '/reports/' + second)
    assert.equal(r.body.state, 'accepted')
    assert.equal(r.body.supersedes, first)
    assert.equal(r.body.changed_since_report, false)
    await shot(city.page, 'report-detail-desktop')
    await county.ctx.close()
    await city.ctx.close()
  })

  test("the demo's reports: the returned school report and the accepted county report, on a phone", async () => {
    const { ctx, page } = await newPage(browser, { phone: true })
    await login(page, 'county.officer')
    const list = await apiGet(page, '/reports?state=returned')
    assert.equal(list.status, 200)
    assert.ok(list.body.items.length >= 1, 'the demo returned one school report')
    await openReports(page)
    await page.locator(sel('report-incoming')).getByText('已退回').first().waitFor()
    // Nothing wider than the phone.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert.ok(overflow <= 1, `page overflows by ${overflow}px`)
    await shot(page, 'reports-phone')
    await page.goto('/reports/' + list.body.items[0].id)
    await page.locator(sel('report-return-reason')).waitFor()
    await settled(page)
    await shot(page, 'report-detail-phone')
    await ctx.close()
  })
})
