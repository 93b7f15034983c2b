// The campaign and team forms in the browser against the real binary: city.officer creates a
// campaign (client checks first), edits it, dispatches a team with an inspector, an external
// expert and a school, edits the team and closes the campaign after confirming; county.officer
// does the same on a phone (390x844). An inspector's inspection list opens on "my inspections".
// The campaigns here start in 2021 so that the demo campaign stays the newest (first) one.
// SCREENSHOTS=1 also writes docs/screenshots/campaign-form-*.png and team-form-*.png.
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, login, apiGet, sel, settled, shot, inputSel } from './lib.mjs'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

/** Types a date into an Element Plus date picker; a click on the dialog's title closes its panel (Escape would close the dialog). */
async function setDate(page, id, value) {
  const input = page.locator(inputSel(id)).first()
  await input.fill(value)
  await input.press('Enter')
  await page.locator('.el-dialog__title').first().click()
}

/** Opens a remote select, types `query` and picks the first option containing it. */
async function pickRemote(page, id, query) {
  await page.locator(sel(id)).first().click()
  await page.keyboard.type(query)
  const opt = page.locator('.el-select-dropdown__item:visible', { hasText: query }).first()
  await opt.waitFor()
  const label = (await opt.innerText()).trim()
  await opt.click()
  await page.locator('.el-dialog__title').first().click()
  return label
}

/** The messages shown under the fields of the open dialog, once there are some. */
async function fieldError(page, pattern) {
  const errs = page.locator('.el-dialog .el-form-item__error')
  await errs.filter({ hasText: pattern }).first().waitFor()
  return (await errs.allInnerTexts()).join(' | ')
}

async function createCampaign(page, name, { phone }) {
  await page.goto('/campaigns')
  await page.locator(sel('campaign-list')).waitFor()
  await page.locator(sel('campaign-new')).click()
  await page.locator(sel('campaign-form-save')).waitFor()
  if (phone) {
    const box = await page.locator('.el-dialog.is-fullscreen').first().boundingBox()
    assert.ok(box && box.width <= 390, 'the form fills the phone screen')
  }
  // Nothing filled in: the client names the fields before anything is sent.
  await page.locator(sel('campaign-form-save')).click()
  const errs = await fieldError(page, /行动名称为 2 至 60 个字/)
  assert.match(errs, /至少选择一种检查方式/)
  await page.locator(inputSel('campaign-form-name')).first().fill(name)
  await setDate(page, 'campaign-form-start', '2021-03-01')
  await setDate(page, 'campaign-form-end', '2021-02-01')
  await page.locator(sel('mode-city_supervision')).click()
  await page.locator(sel('mode-unannounced')).click()
  await page.locator(sel('campaign-form-save')).click()
  assert.match(await fieldError(page, /结束日期不能早于开始日期/), /结束日期不能早于开始日期/)
  await setDate(page, 'campaign-form-end', '2021-06-30')
  await shot(page, phone ? 'campaign-form-phone' : 'campaign-form')
  await page.locator(sel('campaign-form-save')).click()
  await page.waitForURL(/\/campaigns\/cmp_/)
  await page.locator(sel('campaign-name')).waitFor()
  assert.equal((await page.locator(sel('campaign-name')).innerText()).trim(), name)
  return page.url().split('/campaigns/')[1].split(/[?#/]/)[0]
}

async function closeCampaign(page, id) {
  await page.locator(sel('campaign-close')).click()
  const box = page.locator('.el-message-box')
  await box.waitFor()
  assert.match(await box.innerText(), /确定结束/)
  await box.locator('.el-button--primary').click()
  await page.locator(sel('campaign-close')).waitFor({ state: 'detached' })
  await page.locator(sel('campaign-edit')).waitFor({ state: 'detached' })
  const c = (await apiGet(page, `/campaigns/${id}`)).body
  assert.equal(c.state, 'closed')
}

describe('campaign and team forms', () => {
  test('city.officer creates, edits, staffs and closes a campaign', async () => {
    const { ctx, page } = await newPage(browser)
    await login(page, 'city.officer')
    const id = await createCampaign(page, '迎春校园安全检查', { phone: false })
    let c = (await apiGet(page, `/campaigns/${id}`)).body
    assert.deepEqual([c.start_date, c.end_date, c.modes], ['2021-03-01', '2021-06-30', ['city_supervision', 'unannounced']])
    assert.equal(c.version, 1)

    // Edit: a new name and one more mode.
    await page.locator(sel('campaign-edit')).click()
    await page.locator(inputSel('campaign-form-name')).first().fill('迎春校园安全大检查')
    await page.locator(sel('mode-resident')).click()
    await page.locator(sel('campaign-form-save')).click()
    await page.locator(sel('campaign-name')).filter({ hasText: '迎春校园安全大检查' }).waitFor()
    c = (await apiGet(page, `/campaigns/${id}`)).body
    assert.equal(c.version, 2)
    assert.deepEqual(c.modes, ['city_supervision', 'unannounced', 'resident'])

    // A team: the city dispatches, so the level is the city's and only city kinds are offered.
    await page.locator(sel('team-new')).click()
    await page.locator(sel('team-form-save')).waitFor()
    assert.equal((await page.locator(sel('team-form-level')).innerText()).trim(), '市级')
    assert.equal(await page.locator(sel('kind-county_census')).count(), 0)
    await page.locator(sel('team-form-save')).click()
    assert.match(await fieldError(page, /请选择类型/), /请选择类型/)
    await page.locator(sel('kind-city_supervision')).click()
    await page.locator(inputSel('team-form-name')).first().fill('第一督导组')
    await page.locator(inputSel('team-form-leader')).first().fill('李明')
    await page.locator(sel('team-form-rank')).click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: '县级干部' }).first().click()
    // Whom the pickers offer (the API's own lists), typed in by name.
    const someone = (await apiGet(page, '/users?assignable=member&page_size=1')).body.items[0]
    const experts = (await apiGet(page, '/users?assignable=expert&page_size=50')).body.items
    const fireExpert = experts.find((u) => /消防救援支队/.test(u.organization))
    assert.ok(fireExpert, 'a fire-brigade expert is offered')
    const aSchool = (await apiGet(page, '/schools?page_size=1')).body.items[0]
    const member = await pickRemote(page, 'team-form-members', someone.display_name)
    await pickRemote(page, 'team-form-experts', fireExpert.display_name)
    const school = await pickRemote(page, 'team-form-schools', aSchool.name)
    await shot(page, 'team-form')
    await page.locator(sel('team-form-save')).click()
    await page.waitForURL(/\/teams\/team_/)
    await page.locator(sel('team-leader')).waitFor()
    const teamId = page.url().split('/teams/')[1].split(/[?#/]/)[0]
    let tm = (await apiGet(page, `/teams/${teamId}`)).body
    assert.equal(tm.kind, 'city_supervision')
    assert.equal(tm.leader_rank, '县级干部')
    assert.equal(tm.members.length, 1)
    assert.equal(tm.experts.length, 1)
    assert.equal(tm.schools.length, 1)
    assert.ok(member.startsWith(tm.people[tm.members[0]].display_name), member)
    assert.equal(tm.experts[0], fireExpert.id)
    assert.equal(tm.people[tm.experts[0]].role, 'expert')
    assert.match(tm.people[tm.experts[0]].organization, /消防救援支队/)
    assert.ok(school.length > 0)

    // Edit the team: two rounds, the names of the chosen people are shown as chosen.
    await page.locator(sel('team-edit')).click()
    await page.locator(sel('team-form-save')).waitFor()
    assert.match(await page.locator(sel('team-form-experts')).innerText(), new RegExp(tm.people[tm.experts[0]].display_name))
    await page.locator(inputSel('team-form-rounds')).first().fill('2')
    await page.locator(sel('team-form-save')).click()
    await page.waitForFunction(
      async (tid) => (await (await fetch('/api/v1/teams/' + tid)).json()).rounds === 2,
      teamId,
    )
    tm = (await apiGet(page, `/teams/${teamId}`)).body
    assert.equal(tm.version, 2)
    await settled(page)
    await shot(page, 'team-detail')

    await page.goto(`/campaigns/${id}`)
    await page.locator(sel('team-row')).first().waitFor()
    await settled(page)
    await shot(page, 'campaign-detail-forms')
    await closeCampaign(page, id)
    await ctx.close()
  })

  test('county.officer does it on a phone', async () => {
    const { ctx, page } = await newPage(browser, { phone: true })
    await login(page, 'county.officer')
    const id = await createCampaign(page, '县级普查春季行动', { phone: true })
    await settled(page)
    await shot(page, 'campaign-detail-forms-phone')
    await page.locator(sel('team-new')).click()
    await page.locator(sel('team-form-save')).waitFor()
    assert.equal((await page.locator(sel('team-form-level')).innerText()).trim(), '县级')
    await page.locator(sel('kind-county_census')).click()
    await page.locator(inputSel('team-form-name')).first().fill('普查一组')
    await page.locator(inputSel('team-form-leader')).first().fill('陈刚')
    const someone = (await apiGet(page, '/users?assignable=member&page_size=1')).body.items[0]
    await pickRemote(page, 'team-form-members', someone.display_name)
    await shot(page, 'team-form-phone')
    await page.locator(sel('team-form-save')).click()
    await page.waitForURL(/\/teams\/team_/)
    await page.goto(`/campaigns/${id}`)
    await page.locator(sel('campaign-close')).waitFor()
    await settled(page)
    await closeCampaign(page, id)
    await ctx.close()
  })

  test('an inspector and an officer see the buttons their role allows', async () => {
    const { ctx, page } = await newPage(browser)
    await login(page, 'inspector')
    await page.goto('/campaigns')
    await page.locator(sel('campaign-row')).first().click()
    await page.locator(sel('campaign-name')).waitFor()
    await settled(page)
    for (const id of ['campaign-edit', 'campaign-close', 'team-new']) assert.equal(await page.locator(sel(id)).count(), 0, id)
    assert.equal(await page.locator(sel('campaign-new')).count(), 0)
    // "My inspections" is where an inspector starts.
    await page.goto('/inspections')
    await page.locator(sel('ins-scope-mine') + '.is-active').waitFor()
    await settled(page)
    await shot(page, 'inspections-mine')
    await ctx.close()
  })
})
