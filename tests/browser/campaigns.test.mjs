// Campaigns in the browser against the real binary with the demo's Liaocheng campaign: a full
// inspection on a phone by an inspector on a team (plan from the team page, check-in with a
// position, pass, fail -> hazard in the hazard list, reload mid-way keeps progress and unsaved
// input, feedback, signatures, submit); the campaign overview's figures for city.officer; the
// county's self-inspection progress with a reminder; an unannounced plan the school cannot see.
// SCREENSHOTS=1 also writes docs/screenshots/campaign-*.png and runner-*.png.
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, login, apiGet, apiSend, sel, settled, shot, makePng, inputSel, pickOption } from './lib.mjs'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

/** The demo's campaign (the only one), as the page's user sees it. */
async function demoCampaign(page) {
  const r = await apiGet(page, '/campaigns')
  assert.equal(r.status, 200)
  assert.ok(r.body.items.length >= 1, 'the demo holds a campaign')
  return r.body.items[0]
}
async function templateId(page, name) {
  const r = await apiGet(page, '/checklists?page_size=200')
  const t = r.body.items.find((x) => x.name === name)
  assert.ok(t, 'checklist ' + name)
  return t.id
}
const textarea = (page, id) => page.locator(`textarea[data-test="${id}"], [data-test="${id}"] textarea`).first()
async function currentCode(page) {
  return page.locator(sel('runner-item')).getAttribute('data-code')
}
async function countText(page) {
  return (await page.locator(sel('runner-count')).innerText()).trim()
}
/** Taps a result and waits until the runner shows the next item (pass and n.a. save at once). */
async function answerAndAdvance(page, result) {
  const code = await currentCode(page)
  await page.locator(sel('result-' + result)).click()
  await page.waitForFunction(
    (c) => {
      const el = document.querySelector('[data-test="runner-item"]')
      return (el && el.getAttribute('data-code') !== c) || document.querySelector('[data-test="runner-finish"]')
    },
    code,
  )
  return code
}

describe('the campaign overview', () => {
  test('city.officer sees the live figures of the demo campaign', async () => {
    const { ctx, page } = await newPage(browser)
    await login(page, 'city.officer')
    await page.locator('.ax-menu ' + sel('menu-campaigns')).click()
    await page.locator(sel('campaign-row')).first().click()
    await page.locator(sel('campaign-figures')).waitFor()
    await settled(page)
    const c = await demoCampaign(page)
    const f = (await apiGet(page, `/campaigns/${c.id}/figures`)).body
    const value = async (id) => Number((await page.locator(sel(id) + ' ' + sel('figure-value')).innerText()).replace(/[^\d]/g, ''))
    // The source's figures: 841 teams, 3,043 schools, 86 provincial findings, all closed (this
    // runs before the phone inspection below adds its team).
    assert.equal(f.teams.total, 841)
    assert.equal(await value('fig-teams'), f.teams.total)
    assert.equal(await value('fig-inspected'), f.schools.inspected)
    assert.equal(await value('fig-self'), f.self_inspection.submitted)
    assert.equal(await value('fig-found'), f.hazards.found)
    assert.equal(await value('fig-closed'), f.hazards.closed)
    assert.equal(await value('fig-overdue'), f.hazards.overdue)
    assert.equal(f.self_inspection.assigned, 3043)
    assert.match(await page.locator(sel('fig-self')).innerText(), /共 3,043/)
    assert.match(await page.locator(sel('fig-teams-city')).innerText(), new RegExp(`市级 ${f.teams.city}`))
    assert.match(await page.locator(sel('kind-city_supervision')).innerText(), /市级督导组 11/)
    assert.match(await page.locator(sel('kind-resident')).innerText(), /驻点监管组 4/)
    // Per mode: the provincial inspection found 86 hazards and all are closed.
    const modes = await page.locator(sel('mode-rows')).innerText()
    assert.match(modes, /省级督导/)
    assert.ok(f.hazards.found_by_source.province === 86 && f.hazards.closed_by_source.province === 86)
    await page.locator(sel('team-row')).first().waitFor()
    await shot(page, 'campaign-overview')
    // The phone layout of the same page.
    await page.setViewportSize({ width: 390, height: 844 })
    await settled(page)
    await shot(page, 'campaign-overview-phone')
    await ctx.close()
  })
})

describe('a full inspection on a phone', () => {
  let officer, insp, campaign, team, school, inspectionId, failedCode, failedNote
  const DROWNING = '防溺水工作检查表'

  before(async () => {
    // The county dispatches a census team with the demo inspector on it, for one school.
    officer = await newPage(browser)
    await login(officer.page, 'county.officer')
    campaign = await demoCampaign(officer.page)
    insp = await newPage(browser, { phone: true })
    await insp.ctx.grantPermissions(['geolocation'])
    await insp.ctx.setGeolocation({ latitude: 36.3361, longitude: 116.2481 })
    await login(insp.page, 'inspector')
    const me = await apiGet(insp.page, '/me')
    const schools = await apiGet(officer.page, '/schools?page_size=5&type=primary')
    school = schools.body.items.find((s) => s.name !== '东阿县实验小学')
    assert.ok(school, 'a primary school in the county')
    const r = await apiSend(officer.page, 'POST', `/campaigns/${campaign.id}/teams`, {
      kind: 'county_census',
      name: '网页测试普查组',
      leader_name: '赵建国',
      leader_rank: '科级干部',
      members: [me.body.user.id],
      schools: [school.id],
      rounds: 1,
    })
    assert.equal(r.status, 201, JSON.stringify(r.body))
    team = r.body
  })
  after(async () => {
    await officer?.ctx.close()
    await insp?.ctx.close()
  })

  test('the inspector opens the team page and plans the visit', async () => {
    const { page } = insp
    await page.goto('/teams/' + team.id)
    await page.locator(sel('team-name')).waitFor()
    assert.equal((await page.locator(sel('team-name')).innerText()).trim(), '网页测试普查组')
    assert.equal((await page.locator(sel('team-kind')).innerText()).trim(), '县级普查组')
    const info = await page.locator(sel('team-info')).innerText()
    assert.match(info, /赵建国/)
    assert.match(info, /科级干部/)
    assert.equal(await page.locator(sel('team-member')).count(), 1)
    await page.locator(sel('team-schools')).getByText(school.name).waitFor()
    await page.locator(sel('team-plan')).click()
    await page.locator('.el-dialog:visible').waitFor()
    await pickOption(page, 'plan-school', school.name)
    await pickOption(page, 'plan-template', DROWNING)
    await page.locator(sel('plan-submit')).click()
    await page.waitForURL(/\/inspections\/ins_/)
    inspectionId = page.url().split('/inspections/')[1]
    await page.locator(sel('runner-checkin')).waitFor()
    assert.match(await page.locator(sel('runner-school')).innerText(), new RegExp(school.name))
    await shot(page, 'runner-checkin-phone')
  })

  test('check-in records the time and the position', async () => {
    const { page } = insp
    await page.locator(sel('runner-checkin-button')).click()
    await page.locator(sel('runner-item')).waitFor()
    assert.match(await page.locator(sel('runner-checked-in')).innerText(), /36\.336100, 116\.248100/)
    const d = await apiGet(page, '/inspections/' + inspectionId)
    assert.equal(d.body.state, 'in_progress')
    assert.deepEqual(d.body.position, { latitude: '36.336100', longitude: '116.248100' })
    assert.equal(await countText(page), `已完成 0/${d.body.items.length} 项`)
  })

  test('passes two items, fails the third: a prefilled hazard is registered with a photo', async () => {
    const { page } = insp
    const d = await apiGet(page, '/inspections/' + inspectionId)
    const total = d.body.items.length
    await answerAndAdvance(page, 'pass')
    await answerAndAdvance(page, 'not_applicable')
    assert.equal(await countText(page), `已完成 2/${total} 项`)
    const item = d.body.items[2]
    assert.equal(await currentCode(page), item.code)
    failedCode = item.code
    await page.locator(sel('result-fail')).click()
    const form = page.locator(sel('hazard-prefill'))
    await form.waitFor()
    // Prefilled from the checklist item and the inspection: risk level, category, source.
    assert.equal(await form.locator('[data-risk]').getAttribute('data-risk'), item.risk_level)
    assert.equal((await page.locator(sel('prefill-source')).innerText()).trim(), '县级普查')
    // Without a description the server's rule is shown before anything is sent.
    await page.locator(sel('item-save')).click()
    assert.match(await page.locator(sel('item-error')).innerText(), /问题描述/)
    failedNote = '网页测试：防溺水警示牌缺失，' + Date.now()
    await textarea(page, 'item-note').fill(failedNote)
    await page.locator(sel('item-photos-input')).setInputFiles({ name: 'river.png', mimeType: 'image/png', buffer: makePng(120, 80, 77) })
    await page.locator(sel('item-photos') + ' ' + sel('photo-item')).waitFor()
    await page.waitForFunction(() => !document.querySelector('[data-test="item-save"]')?.disabled)
    await shot(page, 'runner-fail-phone')
    await page.locator(sel('item-save')).click()
    await page.locator('.el-message--success').filter({ hasText: /已登记隐患/ }).waitFor()
    await page.waitForFunction((c) => document.querySelector('[data-test="runner-item"]')?.getAttribute('data-code') !== c, failedCode)
    const after = await apiGet(page, '/inspections/' + inspectionId)
    const rec = after.body.items.find((i) => i.code === failedCode).record
    assert.equal(rec.result, 'fail')
    assert.equal(rec.photos.length, 1)
    assert.ok(rec.hazard_id)
    const hz = await apiGet(page, '/hazards/' + rec.hazard_id)
    assert.equal(hz.body.source, 'county_census')
    assert.equal(hz.body.risk_level, item.risk_level)
    assert.equal(hz.body.category, item.category)
    assert.ok(hz.body.description.includes(failedNote))
    assert.equal(after.body.answered, 3)
  })

  test('a reload mid-way keeps the saved answers, the position in the list and unsaved input', async () => {
    const { page } = insp
    const code = await currentCode(page)
    // Typed but not sent: a fail with its description.
    await page.locator(sel('result-fail')).click()
    await textarea(page, 'item-note').fill('尚未上传的描述')
    await page.locator(sel('item-unsaved')).waitFor()
    await page.reload()
    await page.locator(sel('runner-item')).waitFor()
    assert.equal(await currentCode(page), code)
    assert.match(await countText(page), /^已完成 3\//)
    assert.equal(await textarea(page, 'item-note').inputValue(), '尚未上传的描述')
    assert.equal(await page.locator(sel('result-fail')).getAttribute('aria-pressed'), 'true')
    await page.locator(sel('item-unsaved')).waitFor()
    assert.match(await page.locator(sel('runner-unsaved')).innerText(), /1 项未上传/)
    await shot(page, 'runner-item-phone')
    // Changing the mind: this one passes after all (the note goes with it).
    await answerAndAdvance(page, 'pass')
    assert.match(await countText(page), /^已完成 4\//)
  })

  test('the rest pass; feedback, both signatures and submit', async () => {
    const { page } = insp
    while (!(await page.locator(sel('runner-finish')).count())) await answerAndAdvance(page, 'pass')
    const d = await apiGet(page, '/inspections/' + inspectionId)
    assert.equal(d.body.answered, d.body.items.length)
    // Submit waits for the signatures.
    const blockers = await page.locator(sel('submit-blockers')).innerText()
    assert.match(blockers, /缺检查人员签字/)
    assert.match(blockers, /缺学校代表签字/)
    assert.ok(await page.locator(sel('runner-submit')).isDisabled())
    await textarea(page, 'runner-feedback').fill('现场反馈：防溺水警示设施不全，限期整改。')
    await page.locator(sel('runner-feedback-save')).click()
    await page.waitForFunction(() => document.querySelector('[data-test="runner-feedback-save"]')?.disabled)
    await page.locator(inputSel('sign-name-inspector')).first().fill('李督查')
    await page.locator(sel('sign-inspector')).click()
    await page.locator(sel('runner-signature')).first().waitFor()
    await page.locator(inputSel('sign-name-school')).first().fill('王校长')
    await page.locator(sel('sign-school')).click()
    await page.waitForFunction(() => document.querySelectorAll('[data-test="runner-signature"]').length === 2)
    await shot(page, 'runner-finish-phone')
    await page.locator(sel('runner-submit')).click()
    await page.locator(sel('runner-submitted')).waitFor()
    const s = await apiGet(page, '/inspections/' + inspectionId)
    assert.equal(s.body.state, 'submitted')
    assert.equal(s.body.feedback, '现场反馈：防溺水警示设施不全，限期整改。')
    assert.deepEqual(s.body.signatures.map((x) => [x.role, x.name]), [['inspector', '李督查'], ['school', '王校长']])
    assert.equal(s.body.items.filter((i) => i.record?.result === 'fail').length, 1)
    // Nothing is left on the phone once the server has it all.
    const left = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('anxiao.inspection.')))
    assert.deepEqual(left, [])
  })

  test('the hazard of the failed item is in the hazard list', async () => {
    const { page } = insp
    await page.goto('/hazards?q=' + encodeURIComponent(failedNote.slice(-13)))
    await settled(page)
    const rows = page.locator(sel('hazard-row'))
    await rows.first().waitFor()
    assert.equal(await rows.count(), 1)
    assert.match(await rows.first().innerText(), /防溺水警示牌缺失/)
  })
})

describe('self-inspection progress', () => {
  test('the county officer sees its schools and reminds the laggards', async () => {
    const { ctx, page } = await newPage(browser)
    await login(page, 'county.officer')
    const c = await demoCampaign(page)
    const p = (await apiGet(page, `/campaigns/${c.id}/self-inspections`)).body
    assert.equal(p.counties.length, 1)
    const county = p.counties[0]
    const laggards = county.assigned - county.submitted
    assert.ok(laggards > 0, 'the demo leaves some schools unfinished')
    await page.goto(`/campaigns/${c.id}/self-inspection`)
    await page.locator(sel('self-county')).first().waitFor()
    assert.match(await page.locator(sel('self-county')).innerText(), new RegExp(`${county.submitted}/${county.assigned}`))
    // The county's schools not started yet are listed.
    await page.locator(sel('self-schools') + ' ' + sel('inspection-row')).first().waitFor()
    await shot(page, 'self-inspection')
    await page.locator(sel('remind-' + county.org_id)).click()
    await page.locator('.el-message-box').waitFor()
    await page.locator('.el-message-box .el-button--primary').click()
    await page.locator('.el-message--success').filter({ hasText: `已提醒 ${laggards} 所学校` }).waitFor()
    await ctx.close()
  })
})

describe('unannounced visits (四不两直)', () => {
  test('the inspected school and its county cannot see the plan until check-in', async () => {
    const city = await newPage(browser)
    await login(city.page, 'city.officer')
    const school = await newPage(browser, { phone: true })
    await login(school.page, 'school.officer')
    const county = await newPage(browser)
    await login(county.page, 'county.officer')
    const c = await demoCampaign(city.page)
    const schoolId = (await apiGet(school.page, '/me')).body.scope.id
    const tmpl = await templateId(city.page, '消防安全检查表')
    const r = await apiSend(city.page, 'POST', '/inspections', { school_id: schoolId, template_id: tmpl, campaign_id: c.id, unannounced: true })
    assert.equal(r.status, 201, JSON.stringify(r.body))
    const id = r.body.id

    // The school: not in its list, and the page says it does not exist.
    await school.page.goto('/inspections')
    await settled(school.page)
    await school.page.locator(sel('inspection-row')).or(school.page.locator(sel('empty-state'))).first().waitFor()
    assert.equal(await school.page.locator(`[data-test="inspection-row"][data-id="${id}"]`).count(), 0)
    await school.page.goto('/inspections/' + id)
    await school.page.locator(sel('runner-error')).waitFor()
    assert.match(await school.page.locator(sel('runner-error')).innerText(), /未找到该检查/)
    assert.equal((await apiGet(school.page, '/inspections/' + id)).status, 404)
    assert.equal((await apiGet(county.page, '/inspections/' + id)).status, 404)
    const listed = await apiGet(county.page, `/inspections?campaign_id=${c.id}&school_id=${schoolId}&state=planned`)
    assert.ok(!listed.body.items.some((i) => i.id === id))

    // Once the city's inspector checks in, the school sees the visit.
    const ci = await apiSend(city.page, 'POST', `/inspections/${id}/check-in`, {}, r.body.version)
    assert.equal(ci.status, 200, JSON.stringify(ci.body))
    await school.page.reload()
    await school.page.locator(sel('runner-school')).waitFor()
    assert.match(await school.page.locator(sel('runner-school')).innerText(), /东阿县实验小学/)
    for (const x of [city, school, county]) await x.ctx.close()
  })
})
