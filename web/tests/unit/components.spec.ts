import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import type { Component, Plugin } from 'vue'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import ElementPlus from 'element-plus'
import { i18n, setLocale } from '@/i18n'
import { routes, installGuards, safeRedirect } from '@/router'
import { icons } from '@/icons'
import { configureClient } from '@/api/client'
import { useAuthStore } from '@/stores/auth'
import LoginView from '@/views/LoginView.vue'
// The sign-in test navigates to /orgs, whose route loads these lazily. Importing them here loads them
// while the file is collected, so the navigation inside the test resolves them from the module cache
// instead of transforming them against the test's clock (that is what timed out under load).
import '@/layouts/AppLayout.vue'
import '@/views/OrgBrowserView.vue'
import SideMenu from '@/components/SideMenu.vue'
import EmptyState from '@/components/EmptyState.vue'
import { mockFetch } from './helpers'

const user = (role: string) => ({
  id: 'u1',
  username: 'x',
  display_name: '测试',
  role,
  scope_org_id: 'o2',
  organization: '',
  disabled: false,
})
const scope = { id: 'o2', parent_id: 'o1', kind: 'city', name: '聊城市', code: '371500', school_count: 3043, path: [] }

function makeRouter(): Router {
  const r = createRouter({ history: createMemoryHistory(), routes })
  installGuards(r)
  return r
}

function plugins(router: Router) {
  const globalComponents: Record<string, Component> = {}
  for (const [n, c] of Object.entries(icons)) globalComponents['Icon' + n] = c
  return { plugins: [i18n as unknown as Plugin, ElementPlus, router], components: globalComponents }
}

beforeEach(() => {
  setActivePinia(createPinia())
  setLocale('zh-CN')
})
afterEach(() => vi.unstubAllGlobals())

describe('router guard', () => {
  it('sends a signed-out visitor to login with the page remembered', async () => {
    mockFetch(() => ({ status: 401, body: { code: 'unauthenticated', message: '' } }))
    const router = makeRouter()
    await router.push('/schools?q=de')
    expect(router.currentRoute.value.name).toBe('login')
    expect(router.currentRoute.value.query.redirect).toBe('/schools?q=de')
  })

  it('shows "not found" for a page the role may not use', async () => {
    mockFetch(() => ({ status: 200, body: { csrf_token: 'c', user: user('auditor'), scope } }))
    const router = makeRouter()
    await router.push('/admin/users')
    expect(router.currentRoute.value.name).toBe('notFound')
    await router.push('/integrity')
    expect(router.currentRoute.value.name).toBe('integrity')
  })

  it('accepts only same-app redirects', () => {
    expect(safeRedirect('/schools?q=1')).toBe('/schools?q=1')
    expect(safeRedirect('//evil.example')).toBe('/')
    expect(safeRedirect('https://evil.example')).toBe('/')
    expect(safeRedirect('/login?x')).toBe('/')
    expect(safeRedirect(undefined)).toBe('/')
  })
})

describe('LoginView', () => {
  async function mountLogin(handler: Parameters<typeof mockFetch>[0], path = '/login') {
    const calls = mockFetch(handler)
    const router = makeRouter()
    await router.push(path)
    await router.isReady()
    const auth = useAuthStore()
    configureClient({ csrfToken: () => auth.csrfToken, language: () => i18n.global.locale.value })
    const w = mount(LoginView, { global: plugins(router), attachTo: document.body })
    return { w, router, calls }
  }

  /** Resolves once the store's login action has succeeded or failed: no sleeping for the fetch chain. */
  function loginSettled(): Promise<void> {
    return new Promise((resolve) => {
      const stop = useAuthStore().$onAction(({ name, after, onError }) => {
        if (name !== 'login') return
        const done = () => {
          stop()
          resolve()
        }
        after(done)
        onError(done)
      })
    })
  }

  /** Resolves with where the router's next finished navigation went. */
  function nextNavigation(router: Router): Promise<string> {
    return new Promise((resolve) => {
      const stop = router.afterEach((to) => {
        stop()
        resolve(to.fullPath)
      })
    })
  }

  /** Fills the form, submits it and waits until the login attempt and the view's handling of it are done. */
  async function submit(w: ReturnType<typeof mount>, u: string, p: string) {
    const settled = loginSettled()
    await w.find('input[name="username"]').setValue(u)
    await w.find('input[name="password"]').setValue(p)
    await w.find('form').trigger('submit')
    await settled
    await flushPromises()
  }

  it('shows a clear message for a wrong password', async () => {
    const { w } = await mountLogin((c) =>
      c.url.endsWith('/session')
        ? { status: 401, body: { code: 'bad_credentials', message: 'server says no' } }
        : { status: 401, body: { code: 'unauthenticated', message: '' } },
    )
    await submit(w, 'inspector', 'wrong-password')
    expect(w.find('[data-test="login-error"]').text()).toContain('用户名或密码不正确')
    w.unmount()
  })

  it('shows the retry time when throttled', async () => {
    const { w } = await mountLogin((c) =>
      c.url.endsWith('/session')
        ? { status: 429, body: { code: 'throttled', message: 'too many', retry_after_seconds: 60 } }
        : { status: 401, body: { code: 'unauthenticated', message: '' } },
    )
    // Only the countdown's interval is faked, so a loaded machine cannot tick it before the check.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    try {
      await submit(w, 'inspector', 'wrong-password')
      expect(w.find('[data-test="login-error"]').text()).toContain('60 秒')
      expect(w.find('[data-test="login-submit"]').attributes('disabled')).toBeDefined()
      expect(w.find('[data-test="login-submit"]').text()).toContain('60')
      await vi.advanceTimersByTimeAsync(1000)
      expect(w.find('[data-test="login-submit"]').text()).toContain('59')
      await vi.advanceTimersByTimeAsync(59000)
      expect(w.find('[data-test="login-submit"]').attributes('disabled')).toBeUndefined()
    } finally {
      vi.useRealTimers()
      w.unmount()
    }
  })

  it('signs in, sends Accept-Language and goes to the remembered page', async () => {
    let signedIn = false
    const { w, router, calls } = await mountLogin((c) => {
      if (c.url.endsWith('/session')) {
        signedIn = true
        return { status: 200, body: { csrf_token: 'tok', user: user('bureau_officer') } }
      }
      if (c.url.endsWith('/me'))
        return signedIn
          ? { status: 200, body: { csrf_token: 'tok', user: user('bureau_officer'), scope } }
          : { status: 401, body: { code: 'unauthenticated', message: '' } }
      return { status: 200, body: { items: [], total: 0, page: 1, page_size: 20 } }
    }, '/login?redirect=/orgs')
    setLocale('en')
    await flushPromises()
    expect(w.find('[data-test="login-submit"]').text()).toBe('Sign in')
    const navigated = nextNavigation(router)
    await submit(w, 'city.officer', 'anxiao-demo')
    expect(await navigated).toBe('/orgs')
    expect(router.currentRoute.value.fullPath).toBe('/orgs')
    const login = calls.find((c) => c.url.endsWith('/session'))!
    expect(login.headers['Accept-Language']).toBe('en')
    expect(useAuthStore().csrfToken).toBe('tok')
    w.unmount()
  })
})

describe('SideMenu', () => {
  async function menuFor(role: string) {
    setActivePinia(createPinia())
    mockFetch(() => ({ status: 200, body: { csrf_token: 'c', user: user(role), scope } }))
    const router = makeRouter()
    await router.push('/')
    await router.isReady()
    const w = mount(SideMenu, { global: plugins(router) })
    await flushPromises()
    const items = w.findAll('[data-test^="menu-"]').map((e) => e.attributes('data-test'))
    const text = w.text()
    w.unmount()
    return { items, text }
  }

  it('renders only the items of the role, with translated labels', async () => {
    const admin = await menuFor('admin')
    expect(admin.items).toEqual([
      'menu-home',
      'menu-dashboard',
      'menu-orgs',
      'menu-schools',
      'menu-campaigns',
      'menu-inspections',
      'menu-hazards',
      'menu-reports',
      'menu-adminUsers',
      'menu-adminSchools',
      'menu-draws',
      'menu-integrity',
    ])
    expect(admin.text).toContain('用户管理')
    expect(admin.text).toContain('随机抽签')
    const principal = await menuFor('principal')
    expect(principal.items).toEqual([
      'menu-home',
      'menu-dashboard',
      'menu-orgs',
      'menu-schools',
      'menu-campaigns',
      'menu-inspections',
      'menu-hazards',
      'menu-hazardNew',
      'menu-reports',
    ])
    expect(principal.text).toContain('隐患登记')
    expect(principal.text).toContain('逐级上报')
    expect(principal.text).not.toContain('用户管理')
    expect(principal.text).not.toMatch(/nav\./)
  })
})

describe('EmptyState', () => {
  it('explains itself', () => {
    const w = mount(EmptyState, { props: { text: '没有符合条件的学校。' }, global: { plugins: [ElementPlus] } })
    expect(w.text()).toContain('没有符合条件的学校。')
  })
})
