// The hazard closed loop in the browser against the real binary with demo data: a school registers
// a hazard from a phone with a photo, plans, starts and submits with an after-photo; the county
// rejects once with a reason; the school resubmits; the county closes. Plus separation of duties in
// the UI, a stale-version (412) reload, scope (404), the list and the ledger links.
// SCREENSHOTS=1 also writes docs/screenshots/hazard-*.png.
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, login, apiGet, sel, settled, shot, makePng, pickOption } from './lib.mjs'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

// ---- helpers ----

let photoSeed = 1
const photo = (name) => ({ name, mimeType: 'image/png', buffer: makePng(96, 64, photoSeed++) })

/** An Element Plus input or textarea whose data-test sits on the element or its wrapper. */
const field = (page, id) =>
  page
    .locator(`input[data-test="${id}"], textarea[data-test="${id}"], [data-test="${id}"] input, [data-test="${id}"] textarea`)
    .first()

async function stateText(page) {
  return (await page.locator(sel('hazard-state')).first().innerText()).trim()
}
async function waitState(page, text) {
  await page.waitForFunction(
    ([s, want]) => document.querySelector(s)?.textContent?.trim() === want,
    [sel('hazard-state'), text],
    { timeout: 15000 },
  )
}
/** The action buttons the page offers now. */
async function offered(page) {
  await page.locator(sel('hazard-actions')).waitFor()
  return page.locator(sel('hazard-actions') + ' [data-test^="action-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-test')))
}
const REVIEW_ACTIONS = ['action-review', 'action-void', 'action-decide_extension']

async function openAction(page, name) {
  await page.locator(sel('action-' + name)).click()
  const dlg = page.locator('.el-dialog:visible')
  await dlg.waitFor()
  return dlg
}
async function confirmAction(page) {
  await page.locator(sel('action-confirm') + ':visible').click()
}
async function attach(page, inputId, file) {
  const before = await page.locator('.el-dialog:visible ' + sel('photo-item')).count()
  await page.locator(sel(inputId)).last().setInputFiles(file)
  await page.waitForFunction(
    ([s, n]) => document.querySelectorAll(s).length > n || document.querySelector('[data-test="photo-error"]'),
    ['.el-dialog ' + sel('photo-item') + ', ' + sel('hazard-form') + ' ' + sel('photo-item'), before],
  )
  const err = page.locator(sel('photo-error'))
  if (await err.count()) assert.fail('photo upload failed: ' + (await err.first().innerText()))
}
async function timelineTitles(page) {
  return page.locator(sel('hazard-timeline') + ' ' + sel('timeline-item')).allInnerTexts()
}

// ---- the loop ----

describe('hazard closed loop', () => {
  let school, county, hazardId, hazardNumber

  before(async () => {
    school = await newPage(browser, { phone: true })
    await login(school.page, 'school.officer')
    county = await newPage(browser)
    await login(county.page, 'county.officer')
  })
  after(async () => {
    await school?.ctx.close()
    await county?.ctx.close()
  })

  test('school.officer registers a hazard at its school from a phone, with a photo', async () => {
    const { page } = school
    await page.goto('/hazards/new')
    await page.locator(sel('hazard-form')).waitFor()
    const me = await apiGet(page, '/me')
    // The school is chosen for a school's own staff and cannot be changed.
    assert.match(await page.locator(sel('hazard-school')).first().innerText(), new RegExp(me.body.scope.name))
    await page.locator(sel('risk-yellow')).click()
    await pickOption(page, 'hazard-category', '消防安全')
    await field(page, 'hazard-description').fill('一楼东侧疏散通道堆放桌椅杂物（浏览器测试）')
    await field(page, 'hazard-location').fill('教学楼一楼东侧')
    // The camera input: image/* with capture=environment.
    const input = page.locator(sel('hazard-photos-input'))
    assert.equal(await input.getAttribute('accept'), 'image/*')
    assert.equal(await input.getAttribute('capture'), 'environment')
    await attach(page, 'hazard-photos-input', photo('before.png'))
    assert.equal(await page.locator(sel('hazard-form') + ' ' + sel('photo-item')).count(), 1)
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(overflow <= 390, 'no horizontal overflow on a phone: ' + overflow)
    await shot(page, 'hazard-register-phone')
    await page.locator(sel('hazard-submit')).click()
    await page.waitForURL((u) => /^\/hazards\/(?!new$)[^/]+$/.test(u.pathname))
    hazardId = page.url().split('/').pop()
    await page.locator(sel('hazard-number')).waitFor()
    hazardNumber = (await page.locator(sel('hazard-number')).innerText()).trim()
    assert.match(hazardNumber, /^371524-\d{4}-\d{6}$/)
    assert.equal(await stateText(page), '已登记')
    const detail = await apiGet(page, '/hazards/' + hazardId)
    assert.equal(detail.body.school_id, me.body.scope.id)
    assert.equal(detail.body.evidence.length, 1)
    assert.equal(detail.body.evidence[0].kind, 'before')
    assert.equal(await page.locator(sel('evidence-before')).count(), 1)
  })

  test('school.officer plans and starts; never offered review actions', async () => {
    const { page } = school
    let acts = await offered(page)
    assert.deepEqual(acts, ['action-plan', 'action-request_extension'])
    await openAction(page, 'plan')
    await field(page, 'plan-measures').fill('清理通道杂物，设置禁止堆放标识，每日巡查')
    await field(page, 'plan-person').fill('王建国')
    await field(page, 'plan-funds').fill('300 元')
    await confirmAction(page)
    await waitState(page, '已制定方案')
    acts = await offered(page)
    for (const a of REVIEW_ACTIONS) assert.ok(!acts.includes(a), a)
    await openAction(page, 'start')
    await confirmAction(page)
    await waitState(page, '整改中')
    acts = await offered(page)
    assert.deepEqual(acts, ['action-progress', 'action-submit', 'action-request_extension'])
  })

  test('submitting needs an after-photo; with one it goes to review', async () => {
    const { page } = school
    await openAction(page, 'submit')
    await field(page, 'action-note').fill('杂物已全部清理，已张贴标识')
    await confirmAction(page)
    assert.match(await page.locator(sel('action-error')).innerText(), /整改后照片/)
    await attach(page, 'action-photos-input', photo('after-1.png'))
    await confirmAction(page)
    await waitState(page, '待复查')
    assert.deepEqual(await offered(page), [], 'the school has nothing to do while the county reviews')
    await page.locator(sel('no-actions')).waitFor()
  })

  test('county.officer rejects once with a reason', async () => {
    const { page } = county
    await page.goto('/hazards/' + hazardId)
    await page.locator(sel('hazard-number')).waitFor()
    assert.equal(await stateText(page), '待复查')
    const acts = await offered(page)
    assert.ok(acts.includes('action-review') && acts.includes('action-void'), acts.join())
    await openAction(page, 'review')
    await page.locator(sel('review-reject')).click()
    // A rejection needs a reason: checked before anything is sent.
    await confirmAction(page)
    assert.match(await page.locator(sel('action-error')).innerText(), /驳回理由/)
    await field(page, 'action-reason').fill('照片未显示标识，请补拍通道全景')
    await confirmAction(page)
    await waitState(page, '整改中')
    assert.match(await page.locator(sel('last-rejection')).innerText(), /补拍通道全景/)
    const titles = await timelineTitles(page)
    assert.match(titles[0], /复查不通过，予以驳回/)
    assert.match(titles[0], /理由：照片未显示标识/)
  })

  test('a stale page is reloaded with a message (412), then the school resubmits', async () => {
    const { page } = school
    await page.reload()
    await waitState(page, '整改中')
    // The principal (same school) reports progress meanwhile, so this page's version is stale.
    const principal = await newPage(browser)
    await login(principal.page, 'principal')
    const res = await principal.page.evaluate(async (id) => {
      const me = await (await fetch('/api/v1/me')).json()
      const h = await (await fetch('/api/v1/hazards/' + id)).json()
      const r = await fetch('/api/v1/hazards/' + id + '/progress', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-CSRF-Token': me.csrf_token,
          'If-Match': `"${h.version}"`,
          'Idempotency-Key': crypto.randomUUID(),
        },
        body: JSON.stringify({ note: '已补拍通道全景照片', evidence: [] }),
      })
      return r.status
    }, hazardId)
    assert.equal(res, 200)
    await principal.ctx.close()

    await openAction(page, 'submit')
    await attach(page, 'action-photos-input', photo('after-2.png'))
    await confirmAction(page)
    const box = page.locator('.el-message-box')
    await box.waitFor()
    assert.match(await box.innerText(), /刚被他人修改/)
    await box.locator('.el-button--primary').click()
    assert.equal(await stateText(page), '整改中')
    assert.match((await timelineTitles(page))[0], /报告整改进展/)

    await openAction(page, 'submit')
    await attach(page, 'action-photos-input', photo('after-3.png'))
    await confirmAction(page)
    await waitState(page, '待复查')
    for (const a of REVIEW_ACTIONS) assert.ok(!(await offered(page)).includes(a), a)
  })

  test('county.officer closes it; the timeline tells the whole story', async () => {
    const { page } = county
    await page.reload()
    await waitState(page, '待复查')
    await openAction(page, 'review')
    assert.ok(await page.locator(sel('review-close') + ' input').isChecked(), 'close is the default decision')
    await field(page, 'action-reason').fill('复查合格')
    await confirmAction(page)
    await waitState(page, '已销号')
    assert.deepEqual(await offered(page), [])
    const titles = (await timelineTitles(page)).map((s) => s.split('\n')[0])
    assert.deepEqual(titles, [
      '复查通过，予以销号',
      '整改完成，提交验收（整改后照片 1 张）',
      '报告整改进展',
      '复查不通过，予以驳回',
      '整改完成，提交验收（整改后照片 1 张）',
      '开始整改',
      '制定整改方案，整改时限 ' + (await apiGet(page, '/hazards/' + hazardId)).body.deadline,
      '登记隐患（一般）',
    ])
    // Actors by name and times in China time.
    const stamps = await page.locator(sel('hazard-timeline') + ' .el-timeline-item__timestamp').allInnerTexts()
    assert.ok(stamps.some((s) => s.includes('刘振华')), stamps.join('|'))
    assert.ok(stamps.every((s) => /\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}/.test(s)), stamps.join('|'))
    assert.equal(await page.locator(sel('evidence-after')).count(), 2)

    // The school sees the closed hazard and still no review actions.
    await school.page.reload()
    await waitState(school.page, '已销号')
    assert.deepEqual(await offered(school.page), [])
  })

  test('the list finds it by number, filters by state, and offers the ledgers of the scope', async () => {
    const { page } = county
    await page.goto('/hazards?q=' + encodeURIComponent(hazardNumber))
    await settled(page)
    const rows = page.locator(sel('hazard-table') + ' ' + sel('hazard-row'))
    await rows.first().waitFor()
    assert.equal(await rows.count(), 1)
    assert.match(await rows.first().innerText(), /疏散通道堆放桌椅杂物/)
    await page.goto('/hazards?state=closed&q=' + encodeURIComponent(hazardNumber))
    await settled(page)
    await rows.first().waitFor()
    await page.goto('/hazards?state=rectifying&q=' + encodeURIComponent(hazardNumber))
    await settled(page)
    await page.locator(sel('empty-state')).waitFor()

    await page.goto('/hazards')
    await settled(page)
    const me = await apiGet(page, '/me')
    await page.locator(sel('ledger-button')).click()
    const link = page.locator(sel('ledger-hazards.xlsx'))
    await link.waitFor()
    const href = await link.getAttribute('href')
    assert.equal(href, `/api/v1/orgs/${me.body.scope.id}/ledgers/hazards.xlsx`)
    const got = await page.evaluate(async (u) => {
      const r = await fetch(u)
      return { status: r.status, type: r.headers.get('content-type') }
    }, href)
    assert.equal(got.status, 200)
    assert.match(got.type, /spreadsheetml/)
  })
})

describe('hazard scope and roles', () => {
  test('county.officer cannot reach a 冠县 hazard (404 page)', async () => {
    const city = await newPage(browser)
    await login(city.page, 'city.officer')
    const guan = await apiGet(city.page, '/hazards?q=371525-&page_size=1')
    assert.equal(guan.status, 200)
    assert.ok(guan.body.total > 0, 'the demo has hazards in 冠县')
    const id = guan.body.items[0].id
    await city.ctx.close()

    const { ctx, page } = await newPage(browser)
    await login(page, 'county.officer')
    await page.goto('/hazards/' + id)
    await page.locator(sel('hazard-not-found')).waitFor()
    assert.match(await page.locator(sel('hazard-not-found')).innerText(), /不在您的权限范围内/)
    assert.equal((await apiGet(page, '/hazards/' + id)).status, 404)
    await ctx.close()
  })

  test('the auditor reads hazards but is offered no action and no register page', async () => {
    const { ctx, page } = await newPage(browser)
    await login(page, 'auditor')
    const list = await apiGet(page, '/hazards?state=awaiting_review&page_size=1')
    assert.ok(list.body.total > 0)
    await page.goto('/hazards/' + list.body.items[0].id)
    await page.locator(sel('no-actions')).waitFor()
    await page.goto('/hazards/new')
    await page.locator(sel('not-found')).waitFor()
    await ctx.close()
  })
})

describe('hazard screenshots', () => {
  const enabled = process.env.SCREENSHOTS === '1'
  for (const phone of [false, true]) {
    const kind = phone ? 'phone' : 'desktop'
    test(`hazard pages (${kind})`, { skip: !enabled && 'set SCREENSHOTS=1' }, async () => {
      const { ctx, page } = await newPage(browser, { phone })
      await login(page, 'county.officer')
      await page.goto('/hazards')
      await settled(page)
      await page.locator(sel('hazard-row')).first().waitFor()
      await shot(page, `hazard-list-${kind}`)
      // A demo hazard with a long story: rejected once and closed.
      const closed = await apiGet(page, '/hazards?state=closed&page_size=50')
      const rich = closed.body.items.find((h) => h.rejection_count > 0) ?? closed.body.items[0]
      await page.goto('/hazards/' + rich.id)
      await page.locator(sel('hazard-timeline')).waitFor()
      await settled(page)
      await shot(page, `hazard-detail-${kind}`)
      if (!phone) {
        await page.goto('/hazards/new')
        await page.locator(sel('hazard-form')).waitFor()
        await shot(page, `hazard-register-${kind}`)
      }
      await ctx.close()
    })
  }
})
