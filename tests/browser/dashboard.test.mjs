// The dashboard (五个心中有数) against the real binary with demo data: the figures on screen equal
// the five-knowns API's, the league table drills down city → county → school and back, the
// campaign selector switches to one campaign's figures, the page fits a phone, and a notice's
// verification code opens its public check page. SCREENSHOTS=1 also writes
// docs/screenshots/dashboard.png, dashboard-phone.png and verify-notice.png.
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

const num = (s) => Number(String(s).replace(/[,\s]/g, ''))

/** Waits until the dashboard shows the node `name` and has its KPI tiles. */
async function shows(page, name) {
  await page.waitForFunction((n) => document.querySelector('[data-test="dash-node"]')?.textContent?.trim() === n, name)
  await page.locator(sel('kpis')).waitFor()
  await settled(page)
}

async function kpi(page, key) {
  return (await page.locator(`${sel('kpi-' + key)} ${sel('kpi-value')}`).textContent()).trim()
}

/** The KPI tiles and league table on screen equal the API's figures for the node. */
async function assertMatchesApi(page, fk) {
  const f = fk.figures
  assert.equal(num(await kpi(page, 'total')), f.counts.total)
  assert.equal(num(await kpi(page, 'open')), f.counts.open)
  assert.equal(num(await kpi(page, 'closed')), f.counts.closed)
  assert.equal(num(await kpi(page, 'overdue')), f.deadlines.overdue)
  assert.equal(num(await kpi(page, 'dueSoon')), f.deadlines.due_soon)
  assert.equal(num(await kpi(page, 'redOpen')), f.measures.red_open)
  const rows = page.locator(sel('league-row'))
  assert.equal(await rows.count(), fk.children.length)
  for (const c of fk.children) {
    const row = page.locator(`${sel('league-row')}[data-org="${c.org_id}"]`)
    assert.equal(num(await row.locator('[data-col="total"]').textContent()), c.figures.counts.total, c.name)
    assert.equal(num(await row.locator('[data-col="open"]').textContent()), c.figures.counts.open, c.name)
    assert.equal(num(await row.locator('[data-col="overdue"]').textContent()), c.figures.deadlines.overdue, c.name)
  }
  if (fk.children.length) assert.match(await page.locator(sel('sum-check')).textContent(), /✓/)
  const trend = fk.trend.reduce((s, d) => s + d.found, 0)
  assert.match(await page.locator(sel('trend-totals')).textContent(), new RegExp(`发现 ${trend.toLocaleString('zh-CN')} 处`))
}

describe('dashboard', () => {
  test('figures equal the API, drill-down city → county → school and back', async () => {
    const { ctx, page } = await newPage(browser)
    await login(page, 'city.officer')
    await page.locator(sel('menu-dashboard')).click()
    const me = await apiGet(page, '/me')
    const cityId = me.body.scope.id
    await shows(page, '聊城市')
    const city = (await apiGet(page, `/orgs/${cityId}/five-knowns`)).body
    assert.ok(city.figures.counts.total > 0)
    await assertMatchesApi(page, city)
    // The overdue list: the API's overdue hazards of the city, earliest deadline first.
    const od = (await apiGet(page, `/hazards?org=${cityId}&overdue=true&sort=deadline&page_size=10`)).body
    assert.equal(await page.locator(sel('overdue-item')).count(), od.items.length)
    if (od.items.length) assert.match(await page.locator(sel('overdue-item')).first().textContent(), new RegExp(od.items[0].number))
    await shot(page, 'dashboard')

    // Down to 东阿县.
    const county = city.children.find((c) => c.name === '东阿县')
    await page.locator(`${sel('league-row')}[data-org="${county.org_id}"] ${sel('drill')}`).click()
    await shows(page, '东阿县')
    assert.match(page.url(), new RegExp(`org=${county.org_id}`))
    const fkCounty = (await apiGet(page, `/orgs/${county.org_id}/five-knowns`)).body
    assert.deepEqual(fkCounty.figures, county.figures)
    await assertMatchesApi(page, fkCounty)

    // Down to its school with the most hazards: a school has no league table.
    const school = [...fkCounty.children].sort((a, b) => b.figures.counts.total - a.figures.counts.total)[0]
    await page.locator(`${sel('league-row')}[data-org="${school.org_id}"] ${sel('drill')}`).click()
    await shows(page, school.name)
    const fkSchool = (await apiGet(page, `/orgs/${school.org_id}/five-knowns`)).body
    assert.equal(fkSchool.kind, 'school')
    await assertMatchesApi(page, fkSchool)
    assert.equal(await page.locator(sel('league')).count(), 0)
    const crumbs = await page.locator(`${sel('dash-trail')} [data-org]`).allTextContents()
    assert.deepEqual(crumbs.map((s) => s.trim()), ['聊城市', '东阿县', school.name])

    // Back up to the city through the trail.
    await page.locator(`${sel('dash-trail')} button[data-org="${cityId}"]`).click()
    await shows(page, '聊城市')
    assert.equal(num(await kpi(page, 'total')), city.figures.counts.total)
    await ctx.close()
  })

  test('the campaign selector shows one campaign’s figures', async () => {
    const { ctx, page } = await newPage(browser)
    await login(page, 'city.officer')
    await page.goto('/dashboard')
    await shows(page, '聊城市')
    const cityId = (await apiGet(page, '/me')).body.scope.id
    const camps = (await apiGet(page, '/campaigns?page_size=200')).body.items
    const camp = camps.find((c) => c.name === '全市教体系统校园安全隐患大排查大整治集中行动')
    assert.ok(camp, 'the demo campaign')
    await page.locator(sel('campaign-select')).click()
    await page.locator('.el-select-dropdown__item', { hasText: camp.name }).click()
    await page.waitForURL((u) => u.searchParams.get('campaign') === camp.id)
    await page.locator(sel('campaign-figures')).waitFor()
    await settled(page)
    const fk = (await apiGet(page, `/orgs/${cityId}/five-knowns?campaign=${camp.id}`)).body
    assert.equal(fk.campaign_id, camp.id)
    const all = (await apiGet(page, `/orgs/${cityId}/five-knowns`)).body
    assert.ok(fk.figures.counts.total < all.figures.counts.total, 'the demo has hazards outside the campaign')
    await page.waitForFunction(
      (n) => document.querySelector('[data-test="kpi-total"] [data-test="kpi-value"]')?.textContent?.replace(/,/g, '').trim() === String(n),
      fk.figures.counts.total,
    )
    await assertMatchesApi(page, fk)
    const fig = await page.locator(sel('campaign-figures')).textContent()
    assert.match(fig, new RegExp(`督查组 ${fk.campaign.teams.total.toLocaleString('zh-CN')} 个`))
    await ctx.close()
  })

  test('fits a phone', async () => {
    const { ctx, page } = await newPage(browser, { phone: true })
    await login(page, 'county.officer')
    await page.goto('/dashboard')
    await shows(page, '东阿县')
    await page.locator(sel('chart-trend')).waitFor()
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert.ok(overflow <= 1, `page is ${overflow}px wider than the phone`)
    await shot(page, 'dashboard-phone')
    await ctx.close()
  })

  test('inspectors do not get the dashboard', async () => {
    const { ctx, page } = await newPage(browser)
    await login(page, 'inspector')
    assert.equal(await page.locator(sel('menu-dashboard')).count(), 0)
    await ctx.close()
  })
})

describe('notice verification page', () => {
  test('the code of an issued notice opens its public check', async () => {
    const { ctx, page } = await newPage(browser)
    await login(page, 'county.officer')
    // A submitted inspection in 东阿县 that found hazards.
    const hz = (await apiGet(page, '/hazards?page_size=200')).body.items
    let insp = null
    for (const h of hz) {
      if (!h.inspection_id || h.source === 'self') continue
      const i = (await apiGet(page, `/inspections/${h.inspection_id}`)).body
      if (i.state === 'submitted') {
        insp = i
        break
      }
    }
    assert.ok(insp, 'a submitted inspection with hazards')
    const issued = await page.evaluate(async (url) => {
      const r = await fetch(url)
      return { status: r.status, type: r.headers.get('content-type'), code: r.headers.get('x-verification-code') }
    }, `/api/v1/inspections/${insp.id}/notice.pdf`)
    assert.equal(issued.status, 200)
    assert.equal(issued.type, 'application/pdf')
    await ctx.close()

    // Anyone with the printed code, not signed in.
    const anon = await newPage(browser, { phone: true })
    const grouped = issued.code.match(/.{4}/g).join('-')
    await anon.page.goto(`/verify/notice/${grouped}`)
    await anon.page.locator(sel('verify-result')).waitFor()
    assert.match(await anon.page.locator(sel('verify-result')).textContent(), /核验通过/)
    assert.equal((await anon.page.locator(sel('verify-school')).textContent()).trim(), insp.school_name)
    assert.ok((await anon.page.locator(sel('verify-hazard')).count()) >= 1)
    await shot(anon.page, 'verify-notice')
    await anon.page.goto('/verify/notice/0000000000000000')
    await anon.page.locator(sel('verify-unknown')).waitFor()
    await anon.ctx.close()
  })
})
