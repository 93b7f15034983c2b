// Verifiable random draws (双随机一公开) in the browser against the real binary with demo data: the
// demo's journaled cross-inspection draw with its commitment, reveal and result; the wizard with
// its live feasibility check (exact reasons when infeasible), commit, execute with a public value,
// and the verification page (the commitment re-checked in the browser and the draw re-run on the
// server); scope (a county does not see the city's draw); the phone layout.
// SCREENSHOTS=1 also writes docs/screenshots/draw*.png.
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, login, apiGet, sel, inputSel, settled, shot } from './lib.mjs'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

const CROSS_NAME = '县级交叉互查：随机抽取受检学校和检查人员'

async function demoDraw(page) {
  const r = await apiGet(page, '/draws?page_size=200')
  assert.equal(r.status, 200)
  const d = r.body.items.find((x) => x.name === CROSS_NAME)
  assert.ok(d, 'the demo draw is listed')
  return d
}

async function setNumber(page, id, value) {
  const input = page.locator(inputSel(id)).first()
  await input.fill(String(value))
  await input.press('Tab')
}

describe('random draws', () => {
  test('the demo cross-inspection draw: commitment, reveal, 11 teams, verified', async () => {
    const { ctx: pageCtx, page: page } = await newPage(browser)
    await login(page, 'city.officer')
    await page.goto('/draws')
    await page.locator(sel('draw-list')).waitFor()
    await settled(page)
    await page.getByText(CROSS_NAME).first().click()
    await page.locator(sel('draw-result')).waitFor()
    await settled(page)
    const d = await demoDraw(page)
    assert.match(page.url(), new RegExp('/draws/' + d.id + '$'))
    const hex = (await page.locator(sel('draw-commitment-hex')).innerText()).replace(/\s/g, '')
    assert.equal(hex, d.commitment)
    assert.match(await page.locator(sel('draw-seed')).innerText(), /^[0-9a-f]{64}$/)
    assert.equal(await page.locator(sel('draw-team')).count(), 11)
    // Names, not ids, in the result table; the public value is shown.
    const first = await page.locator(sel('draw-team')).first().innerText()
    assert.ok(!/org_|dx-/.test(first), first)
    assert.ok((await page.locator(sel('draw-public-value')).innerText()).includes('公开抽签'))
    await shot(page, 'draw')

    await page.locator(sel('draw-verify-link')).click()
    await page.locator(sel('verify-identical')).waitFor()
    assert.match(await page.locator(sel('verify-identical')).innerText(), /3,?043/)
    // localhost is a secure context: the browser recomputes SHA-256(seed ‖ D) itself.
    assert.ok((await page.locator(sel('verify-browser')).innerText()).includes('一致'))
    assert.ok(!(await page.locator(sel('verify-browser')).innerText()).includes('不一致'))
    await shot(page, 'draw-verify')
    await pageCtx.close()
  })

  test('wizard: live feasibility with exact reasons, commit, execute, verify', async () => {
    const { ctx: pageCtx, page: page } = await newPage(browser)
    await login(page, 'city.officer')
    await page.goto('/draws/new')
    await page.locator(sel('draw-form')).waitFor()
    await page.locator(inputSel('draw-name')).first().fill('浏览器测试抽签')
    await page.locator(sel('draw-feasible')).waitFor({ timeout: 20000 })
    // Teams of 4 from counties with 3 inspectors each in the register: every county is named.
    await setNumber(page, 'draw-team-size', 4)
    await page.locator(sel('draw-infeasible')).waitFor({ timeout: 20000 })
    const problems = await page.locator(sel('draw-problem')).allInnerTexts()
    assert.equal(problems.length, 11)
    assert.ok(problems.every((p) => p.includes('可用检查人员只有 3 人，每组需要 4 人')), problems.join('\n'))
    assert.ok(problems.some((p) => p.startsWith('东阿县')), problems.join('\n'))
    assert.equal(await page.locator(sel('draw-submit')).isDisabled(), true)
    await shot(page, 'draw-wizard')
    await setNumber(page, 'draw-team-size', 2)
    await page.locator(sel('draw-feasible')).waitFor({ timeout: 20000 })
    await page.locator(sel('draw-submit')).click()
    await page.waitForURL(/\/draws\/drw_[a-z2-7]+$/)
    await page.locator(sel('draw-execute')).waitFor()
    assert.match(await page.locator(sel('draw-state')).innerText(), /已承诺/)
    await page.locator(sel('draw-seed-hidden')).waitFor()
    const id = page.url().split('/').pop()
    const before = await apiGet(page, '/draws/' + id)
    assert.equal(before.body.seed, null)

    await page.locator(inputSel('draw-public-input')).first().fill('福彩3D 第2026321期 4 1 9')
    await page.locator(sel('draw-execute-button')).click()
    await page.locator('.el-message-box .el-button--primary').click()
    await page.locator(sel('draw-result')).waitFor()
    assert.equal(await page.locator(sel('draw-team')).count(), 11)
    assert.match(await page.locator(sel('draw-seed')).innerText(), /^[0-9a-f]{64}$/)
    const after = await apiGet(page, '/draws/' + id)
    assert.equal(after.body.state, 'executed')
    assert.equal(after.body.commitment, before.body.commitment)

    await page.locator(sel('draw-verify-link')).click()
    await page.locator(sel('verify-identical')).waitFor()
    await pageCtx.close()
  })

  test('a county does not see the city draw; the phone layout fits', async () => {
    const { ctx: pageCtx, page: page } = await newPage(browser)
    await login(page, 'city.officer')
    const d = await demoDraw(page)
    await pageCtx.close()

    const { ctx: countyCtx, page: county } = await newPage(browser)
    await login(county, 'county.officer')
    const r = await apiGet(county, '/draws/' + d.id)
    assert.equal(r.status, 404)
    await county.goto('/draws/' + d.id)
    await county.locator('.el-alert--error').first().waitFor()
    await countyCtx.close()

    const { ctx: phoneCtx, page: phone } = await newPage(browser, { phone: true })
    await login(phone, 'city.officer')
    await phone.goto('/draws/' + d.id)
    await phone.locator(sel('draw-result')).waitFor()
    await settled(phone)
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert.ok(overflow <= 0, `horizontal overflow of ${overflow}px`)
    await shot(phone, 'draw-phone')
    await phoneCtx.close()
  })
})
