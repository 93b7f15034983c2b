// End-to-end tests of the web application against the real binary with demo data.
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, login, apiGet, menuNames, sel, inputSel, settled } from './lib.mjs'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

// Campaigns and inspections (专项行动, 检查任务) are open to every role, each seeing its own part;
// the dashboard (org-wide figures) to everyone but inspectors and experts.
const EVERYONE = ['home', 'dashboard', 'orgs', 'schools', 'campaigns', 'inspections']
const REGISTER_ONLY = ['home', 'orgs', 'schools', 'campaigns', 'inspections']
// Hazards: everyone reads them; those who may register them also get 隐患登记.
const HAZARDS = ['hazards', 'hazardNew']
const OFFICER = [...EVERYONE, ...HAZARDS, 'reports', 'draws', 'integrity']
const DEMO_USERS = [
  { username: 'admin', role: 'admin', menu: [...EVERYONE, 'hazards', 'reports', 'adminUsers', 'adminSchools', 'draws', 'integrity'] },
  { username: 'city.officer', role: 'bureau_officer', menu: OFFICER, scope: '聊城市' },
  { username: 'county.officer', role: 'bureau_officer', menu: OFFICER, scope: '东阿县' },
  { username: 'inspector', role: 'inspector', menu: [...REGISTER_ONLY, ...HAZARDS] },
  // Experts see only their assigned tasks: no org-wide register (src/domain MayBrowseRegister).
  { username: 'expert', role: 'expert', menu: ['home', 'campaigns', 'inspections', ...HAZARDS] },
  { username: 'school.officer', role: 'school_officer', menu: [...EVERYONE, ...HAZARDS, 'reports'], schoolIn: '东阿县' },
  { username: 'principal', role: 'principal', menu: [...EVERYONE, ...HAZARDS, 'reports'], schoolIn: '东阿县' },
  { username: 'auditor', role: 'auditor', menu: [...EVERYONE, 'hazards', 'reports', 'draws', 'integrity'], scope: '聊城市' },
]
const ROLE_ZH = {
  admin: '系统管理员',
  bureau_officer: '教育局干部',
  inspector: '督查员',
  expert: '外聘专家',
  school_officer: '学校安全负责人',
  principal: '校长',
  auditor: '审计员',
}

async function searchSchools(page, q) {
  const box = page.locator(inputSel('school-search')).first()
  await box.fill(q)
  await box.press('Enter')
  await page.waitForURL((u) => u.searchParams.get('q') === q)
  await settled(page)
  const pager = page.locator(sel('school-pager'))
  const empty = page.locator(sel('empty-state'))
  await pager.or(empty).first().waitFor()
  if (await empty.isVisible()) return { total: 0, names: [] }
  const totalText = await pager.locator('.el-pagination__total').innerText()
  const total = Number(totalText.replace(/[^0-9]/g, ''))
  const names = await page.locator('.ax-school-table ' + sel('school-row')).allInnerTexts()
  return { total, names }
}

describe('session', () => {
  test('wrong password shows a clear message and stays on the login page', async () => {
    const { ctx, page } = await newPage(browser)
    await page.goto('/login')
    await login(page, 'inspector', 'not-the-password', { expectHome: false })
    const err = page.locator(sel('login-error'))
    await err.waitFor()
    assert.match(await err.innerText(), /用户名或密码不正确/)
    assert.ok(page.url().includes('/login'))
    await ctx.close()
  })

  test('a protected page sends to login and comes back after it', async () => {
    const { ctx, page } = await newPage(browser)
    await page.goto('/schools?q=%E4%B8%9C%E9%98%BF')
    await page.waitForURL(/\/login\?redirect=/)
    const u = new URL(page.url())
    assert.equal(u.searchParams.get('redirect'), '/schools?q=%E4%B8%9C%E9%98%BF')
    await login(page, 'city.officer', undefined, { expectHome: false })
    await page.waitForURL((x) => x.pathname === '/schools')
    assert.equal(new URL(page.url()).searchParams.get('q'), '东阿')
    await ctx.close()
  })

  test('logout ends the session', async () => {
    const { ctx, page } = await newPage(browser)
    await login(page, 'inspector')
    await page.locator(sel('logout')).click()
    await page.waitForURL(/\/login/)
    const me = await apiGet(page, '/me')
    assert.equal(me.status, 401)
    await page.goto('/orgs')
    await page.waitForURL((x) => x.pathname === "/login" && x.searchParams.get("redirect") === "/orgs")
    await ctx.close()
  })
})

describe('every demo user sees its menu and scope', () => {
  for (const u of DEMO_USERS) {
    test(u.username, async () => {
      const { ctx, page } = await newPage(browser)
      await login(page, u.username)
      assert.deepEqual(await menuNames(page), u.menu)
      const me = await apiGet(page, '/me')
      assert.equal(me.status, 200)
      assert.equal(me.body.user.role, u.role)
      const scopeShown = (await page.locator('.ax-topbar ' + sel('scope-name')).innerText()).trim()
      assert.equal(scopeShown, me.body.scope.name)
      if (u.scope) assert.equal(scopeShown, u.scope)
      if (u.schoolIn) {
        assert.equal(me.body.scope.kind, 'school')
        const school = await apiGet(page, '/schools/' + me.body.scope.id)
        assert.equal(school.body.parent_name, u.schoolIn)
        await page.locator(sel('home-school')).waitFor()
        assert.match(await page.locator(sel('home-school')).innerText(), new RegExp(me.body.scope.name))
      }
      assert.equal((await page.locator('.ax-topbar ' + sel('user-role')).innerText()).trim(), ROLE_ZH[u.role])
      assert.equal(
        (await page.locator('.ax-topbar ' + sel('user-name')).innerText()).trim(),
        me.body.user.display_name || u.username,
      )
      // Pages outside the role are not reachable by URL either.
      if (!u.menu.includes('adminUsers')) {
        await page.goto('/admin/users')
        await page.locator(sel('not-found')).waitFor()
      }
      await ctx.close()
    })
  }
})

describe('org browser', () => {
  test('county.officer sees only 东阿县 and its schools', async () => {
    const { ctx, page } = await newPage(browser)
    await login(page, 'county.officer')
    await page.locator(sel('menu-orgs')).click()
    await page.waitForURL(/\/orgs$/)
    const tree = page.locator(sel('org-tree'))
    await tree.waitFor()
    const top = tree.locator(':scope > .el-tree-node')
    await top.first().waitFor()
    assert.equal(await top.count(), 1)
    assert.match(await top.first().locator('.el-tree-node__content').first().innerText(), /东阿县/)
    // the root is expanded: its children are schools
    const schools = tree.locator(sel('org-node-school'))
    await schools.first().waitFor()
    assert.ok((await schools.count()) > 0)
    const texts = await tree.locator('.ax-org-name').allInnerTexts()
    assert.ok(!texts.includes('聊城市'), 'no city above the scope')
    // school count is shown on the root
    assert.match(await top.first().locator('.ax-org-count').first().innerText(), /\(\d[\d,]*\)/)
    // clicking a school opens its detail page
    const name = (await schools.first().locator('.ax-org-name').innerText()).trim()
    await schools.first().click()
    await page.waitForURL(/\/schools\/[^/]+$/)
    assert.equal((await page.locator(sel('school-name')).innerText()).trim(), name)
    await ctx.close()
  })

  test('city.officer expands a county lazily', async () => {
    const { ctx, page } = await newPage(browser)
    await login(page, 'city.officer')
    await page.goto('/orgs')
    const tree = page.locator(sel('org-tree'))
    const county = tree.locator('.el-tree-node__content', { hasText: '东阿县' }).first()
    await county.waitFor()
    await county.locator('.el-tree-node__expand-icon').click()
    const dongeNode = tree.locator('.el-tree-node', { has: page.locator('.ax-org-name', { hasText: /^东阿县$/ }) }).first()
    await dongeNode.locator(sel('org-node-school')).first().waitFor()
    await ctx.close()
  })
})

describe('school list', () => {
  test('search by name, full pinyin, initials and school code', async () => {
    const { ctx, page } = await newPage(browser)
    await login(page, 'city.officer')
    await page.locator(sel('menu-schools')).click()
    await page.waitForURL(/\/schools/)
    await settled(page)

    const byName = await searchSchools(page, '东阿')
    assert.ok(byName.total > 0, '东阿 finds schools')
    assert.ok(byName.names.length > 0 && byName.names.every((n) => n.includes('东阿')), byName.names.join(','))

    const byPinyin = await searchSchools(page, 'donge')
    assert.ok(byPinyin.total > 0, 'donge finds schools')

    const byInitials = await searchSchools(page, 'de')
    assert.ok(byInitials.total > 0, 'de finds schools')

    const some = await apiGet(page, '/schools?page_size=1&page=3')
    assert.equal(some.status, 200)
    const school = some.body.items[0]
    const byCode = await searchSchools(page, school.code)
    assert.ok(byCode.total >= 1)
    assert.ok(byCode.names.includes(school.name), `code ${school.code} finds ${school.name}`)

    // open the detail page: all fields, principal and safety officer
    await page.locator('.ax-school-table ' + sel('school-row'), { hasText: school.name }).first().click()
    await page.waitForURL(new RegExp('/schools/' + school.id + '$'))
    const basic = await page.locator(sel('school-basic')).innerText()
    assert.ok(basic.includes(school.code))
    const people = await page.locator(sel('school-people')).innerText()
    assert.match(people, /校长/)
    assert.match(people, /安全负责人/)
    await ctx.close()
  })

  test('county.officer finds a school by typing de', async () => {
    const { ctx, page } = await newPage(browser)
    await login(page, 'county.officer')
    await page.goto('/schools')
    const r = await searchSchools(page, 'de')
    assert.ok(r.total > 0)
    await ctx.close()
  })

  test('filters and an explained empty state', async () => {
    const { ctx, page } = await newPage(browser)
    await login(page, 'city.officer')
    await page.goto('/schools?ownership=private')
    await settled(page)
    const all = await apiGet(page, '/schools?ownership=private&page_size=1')
    const totalText = await page.locator(sel('school-pager') + ' .el-pagination__total').innerText()
    assert.equal(Number(totalText.replace(/[^0-9]/g, '')), all.body.total)
    const none = await searchSchools(page, 'zzzzzzzzqqq')
    assert.equal(none.total, 0)
    assert.match(await page.locator(sel('empty-state')).innerText(), /没有符合条件的学校/)
    await ctx.close()
  })
})

describe('languages', () => {
  test('switch to 繁體 and English, remembered across reloads', async () => {
    const { ctx, page } = await newPage(browser)
    await login(page, 'admin')
    const home = page.locator(sel('menu-home'))
    const users = page.locator(sel('menu-adminUsers'))
    assert.equal((await home.innerText()).trim(), '首页')

    await page.locator('.ax-topbar ' + sel('lang-switch')).click()
    await page.locator(sel('lang-zh-TW')).click()
    await page.waitForFunction(() => document.querySelector('[data-test="menu-home"]')?.textContent?.includes('首頁'))
    assert.equal((await users.innerText()).trim(), '使用者管理')
    assert.equal((await page.locator('.ax-topbar ' + sel('user-role')).innerText()).trim(), '系統管理員')

    await page.locator('.ax-topbar ' + sel('lang-switch')).click()
    await page.locator(sel('lang-en')).click()
    await page.waitForFunction(() => document.querySelector('[data-test="menu-home"]')?.textContent?.trim() === 'Home')
    assert.equal((await users.innerText()).trim(), 'Users')

    // remembered, and the API answers in the chosen language
    await page.reload()
    await page.locator(sel('menu-home')).waitFor()
    assert.equal((await page.locator(sel('menu-home')).innerText()).trim(), 'Home')
    await page.goto('/schools')
    await settled(page)
    assert.equal((await page.locator('.ax-school-table th').first().innerText()).trim(), 'School name')

    await page.locator('.ax-topbar ' + sel('lang-switch')).click()
    await page.locator(sel('lang-zh-CN')).click()
    await page.waitForFunction(() => document.querySelector('[data-test="menu-home"]')?.textContent?.includes('首页'))
    await ctx.close()
  })

  test('login page in English', async () => {
    const { ctx, page } = await newPage(browser)
    await page.goto('/login')
    await page.locator(sel('lang-switch')).click()
    await page.locator(sel('lang-en')).click()
    await page.waitForFunction(() => document.querySelector('[data-test="login-submit"]')?.textContent?.includes('Sign in'))
    await login(page, 'inspector', 'wrong-password-x', { expectHome: false })
    assert.match(await page.locator(sel('login-error')).innerText(), /Wrong username or password/)
    await ctx.close()
  })
})

describe('phone', () => {
  test('390×844: drawer menu, cards, touch-sized controls', async () => {
    const { ctx, page } = await newPage(browser, { phone: true })
    await login(page, 'county.officer')
    assert.equal(await page.locator(sel('sidebar')).count(), 0, 'no sidebar on a phone')
    const burger = page.locator(sel('hamburger'))
    await burger.waitFor()
    const bb = await burger.boundingBox()
    assert.ok(bb.width >= 44 && bb.height >= 44, 'hamburger is touch-sized')
    await burger.click()
    const drawer = page.locator('.el-drawer')
    await drawer.waitFor()
    assert.equal((await drawer.locator(sel('scope-name')).innerText()).trim(), '东阿县')
    await drawer.locator(sel('menu-schools')).click()
    await page.waitForURL(/\/schools/)
    await drawer.waitFor({ state: 'hidden' })
    await settled(page)
    const cards = page.locator(sel('school-cards') + ' ' + sel('school-row'))
    await cards.first().waitFor()
    const cb = await cards.first().boundingBox()
    assert.ok(cb.height >= 44)
    assert.ok(cb.width <= 390)
    const search = page.locator(sel('school-search')).first()
    const sb = await page.locator('.ax-toolbar .el-input__wrapper').first().boundingBox()
    assert.ok(sb.height >= 44, 'search box is touch-sized: ' + sb.height)
    assert.ok(await search.count())
    // nothing wider than the screen
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(overflow <= 390, 'no horizontal overflow: ' + overflow)
    await ctx.close()
  })
})

describe('administration', () => {
  test('admin creates a user who then logs in', async () => {
    const { ctx, page } = await newPage(browser)
    await login(page, 'admin')
    await page.locator(sel('menu-adminUsers')).click()
    await page.waitForURL(/\/admin\/users/)
    const uname = 'web.' + Date.now().toString(36)
    await page.locator(sel('user-new')).click()
    const dlg = page.locator('.el-dialog', { hasText: '新建用户' })
    await dlg.waitFor()
    // client-side validation mirrors the server
    await dlg.locator(inputSel('user-username')).first().fill('AB')
    await dlg.locator(inputSel('user-password')).first().fill('short')
    await dlg.locator(sel('user-save')).click()
    await dlg.locator('.el-form-item__error', { hasText: '用户名为 3–32 位' }).waitFor()
    await dlg.locator('.el-form-item__error', { hasText: '密码至少 8 个字符' }).waitFor()

    await dlg.locator(inputSel('user-username')).first().fill(uname)
    await dlg.locator(inputSel('user-display-name')).first().fill('网页测试员')
    await dlg.locator(inputSel('user-password')).first().fill('web-test-pass-1')
    // scope: choose 聊城市 in the picker
    await dlg.locator(sel('user-scope')).click()
    const picker = page.locator('.el-dialog', { hasText: '选择组织' })
    await picker.waitFor()
    await picker.locator('.ax-org-name', { hasText: /^聊城市$/ }).first().click()
    await picker.locator(sel('org-picker-ok')).click()
    await picker.waitFor({ state: 'hidden' })
    await page.waitForFunction(
      () => (document.querySelector('input[data-test="user-scope-value"], [data-test="user-scope-value"] input')?.value || '').includes('聊城市'),
    )
    await dlg.locator(sel('user-save')).click()
    await dlg.waitFor({ state: 'hidden' })
    await page.locator(sel('user-search')).first().locator('input').or(page.locator(inputSel('user-search'))).first().fill(uname)
    await page.locator(sel('user-row'), { hasText: '网页测试员' }).first().waitFor()

    // the server rejects a duplicate username and the form shows its message
    await page.locator(sel('user-new')).click()
    await dlg.waitFor()
    await dlg.locator(inputSel('user-username')).first().fill(uname)
    await dlg.locator(inputSel('user-display-name')).first().fill('重复')
    await dlg.locator(inputSel('user-password')).first().fill('web-test-pass-1')
    await dlg.locator(sel('user-save')).click()
    await dlg.locator(sel('user-form-error')).waitFor()
    await dlg.getByRole('button', { name: '取消' }).click()

    await page.locator('.ax-topbar ' + sel('logout')).click()
    await page.waitForURL(/\/login/)
    await login(page, uname, 'web-test-pass-1')
    assert.match(await page.locator(sel('home-greeting')).innerText(), /网页测试员/)
    assert.equal((await page.locator('.ax-topbar ' + sel('scope-name')).innerText()).trim(), '聊城市')
    // The form's default role is inspector, who reads and registers hazards.
    assert.deepEqual(await menuNames(page), [...REGISTER_ONLY, ...HAZARDS])
    await ctx.close()
  })

  test('admin edits a school and sees validation', async () => {
    const { ctx, page } = await newPage(browser)
    await login(page, 'admin')
    const list = await apiGet(page, '/schools?q=%E4%B8%9C%E9%98%BF&page_size=1')
    const s = list.body.items[0]
    await page.goto(`/admin/schools/${s.id}/edit`)
    const phone = page.locator('.el-form-item', { hasText: '安全负责人' }).locator('xpath=following-sibling::*[1]').locator('input')
    await phone.fill('abc')
    await page.locator(sel('school-save')).click()
    await page.locator('.el-form-item__error', { hasText: '电话只能包含数字' }).waitFor()
    await phone.fill('0635-7654321')
    await page.locator(sel('school-save')).click()
    await page.waitForURL(new RegExp('/schools/' + s.id + '$'))
    assert.match(await page.locator(sel('school-people')).innerText(), /0635-7654321/)
    await ctx.close()
  })
})

describe('integrity', () => {
  test('a bureau officer verifies the journal', async () => {
    const { ctx, page } = await newPage(browser)
    await login(page, 'city.officer')
    await page.locator(sel('menu-integrity')).click()
    await page.locator(sel('journal-head')).waitFor()
    assert.match(await page.locator(sel('journal-head')).innerText(), /[0-9a-f]{64}/)
    assert.ok((await page.locator(sel('checkpoints') + ' tbody tr').count()) >= 1, 'checkpoints listed')
    await page.locator(sel('verify-now')).click()
    await page.locator(sel('verify-ok')).or(page.locator(sel('verify-bad'))).first().waitFor({ timeout: 60000 })
    assert.equal(await page.locator(sel('verify-ok')).count(), 1, await page.locator(sel('verify-result')).innerText())
    assert.match(await page.locator(sel('verify-result')).innerText(), /核验通过/)
    await ctx.close()
  })

  test('the auditor sees the journal; verify shows a result or the server message', async () => {
    const { ctx, page } = await newPage(browser)
    await login(page, 'auditor')
    await page.locator(sel('menu-integrity')).click()
    await page.locator(sel('journal-head')).waitFor()
    await page.locator(sel('verify-now')).click()
    const outcome = page.locator(sel('verify-ok')).or(page.locator(sel('verify-bad'))).or(page.locator(sel('verify-error')))
    await outcome.first().waitFor({ timeout: 60000 })
    const text = (await page.locator(sel('verify-result')).innerText()).trim()
    assert.ok(text.length > 0)
    assert.ok(!/integrity\./.test(text), 'no raw i18n keys')
    await ctx.close()
  })
})
