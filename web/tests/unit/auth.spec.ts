import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { useAuthStore } from '@/stores/auth'
import { configureClient } from '@/api/client'
import { mockFetch } from './helpers'

const user = { id: 'u1', username: 'county.officer', display_name: '赵县干', role: 'bureau_officer', scope_org_id: 'c6', organization: '', disabled: false }
const scope = { id: 'c6', parent_id: 'o2', kind: 'county', name: '东阿县', code: '371524', school_count: 300, path: [] }

describe('auth store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
  })
  afterEach(() => vi.unstubAllGlobals())

  it('logs in, keeps the CSRF token and the scope, and sends the token on writes', async () => {
    const store = useAuthStore()
    configureClient({ csrfToken: () => store.csrfToken })
    let session = false
    const calls = mockFetch((c) => {
      if (c.url === '/api/v1/session' && c.method === 'POST') {
        session = true
        return { status: 200, body: { csrf_token: 'csrf-A', user } }
      }
      if (c.url === '/api/v1/me') return session ? { status: 200, body: { csrf_token: 'csrf-A', user, scope } } : { status: 401, body: { code: 'unauthenticated', message: '' } }
      if (c.url === '/api/v1/session' && c.method === 'DELETE') return { status: 204 }
      return { status: 404, body: {} }
    })
    await store.login('county.officer', 'anxiao-demo')
    expect(store.isAuthenticated).toBe(true)
    expect(store.csrfToken).toBe('csrf-A')
    expect(store.role).toBe('bureau_officer')
    expect(store.scope?.name).toBe('东阿县')
    expect(calls[0].body).toEqual({ username: 'county.officer', password: 'anxiao-demo' })
    expect(calls[0].headers['X-CSRF-Token']).toBeUndefined()

    await store.logout()
    const del = calls.find((c) => c.method === 'DELETE')!
    expect(del.headers['X-CSRF-Token']).toBe('csrf-A')
    expect(store.isAuthenticated).toBe(false)
    expect(store.csrfToken).toBe('')
    expect(store.scope).toBeNull()
  })

  it('keeps the user signed out when login fails', async () => {
    const store = useAuthStore()
    mockFetch(() => ({ status: 401, body: { code: 'bad_credentials', message: '用户名或密码错误' } }))
    await expect(store.login('x', 'y')).rejects.toMatchObject({ code: 'bad_credentials' })
    expect(store.isAuthenticated).toBe(false)
  })

  it('probes the session once with /me', async () => {
    const store = useAuthStore()
    const calls = mockFetch(() => ({ status: 200, body: { csrf_token: 'csrf-B', user, scope } }))
    expect(await store.ensureChecked()).toBe(true)
    expect(await store.ensureChecked()).toBe(true)
    expect(calls).toHaveLength(1)
    expect(store.csrfToken).toBe('csrf-B')
  })

  it('treats 401 and network errors on the probe as signed out', async () => {
    const store = useAuthStore()
    mockFetch(() => ({ status: 401, body: { code: 'unauthenticated', message: '' } }))
    expect(await store.ensureChecked()).toBe(false)
    setActivePinia(createPinia())
    const s2 = useAuthStore()
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('offline'))))
    expect(await s2.ensureChecked()).toBe(false)
    expect(s2.checked).toBe(true)
  })

  it('expire() forgets the session locally', async () => {
    const store = useAuthStore()
    mockFetch(() => ({ status: 200, body: { csrf_token: 'c', user, scope } }))
    await store.fetchMe()
    store.expire()
    expect(store.user).toBeNull()
    expect(store.csrfToken).toBe('')
  })
})
