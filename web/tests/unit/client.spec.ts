import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError, api, buildQuery, configureClient } from '@/api/client'
import { mockFetch } from './helpers'

async function fail(p: Promise<unknown>): Promise<ApiError> {
  return p.then(
    () => {
      throw new Error('expected the request to fail')
    },
    (e) => e as ApiError,
  )
}

describe('api client', () => {
  const onUnauthenticated = vi.fn()
  beforeEach(() => {
    onUnauthenticated.mockReset()
    configureClient({ language: () => 'zh-TW', csrfToken: () => 'tok-1', onUnauthenticated })
  })
  afterEach(() => vi.unstubAllGlobals())

  it('sends Accept-Language on every call and the CSRF token only on writes', async () => {
    const calls = mockFetch(() => ({ status: 200, body: { ok: true } }))
    await api.get('/me')
    await api.post('/users', { a: 1 })
    await api.patch('/users/u1', { b: 2 }, { ifMatch: 3 })
    await api.del('/session')
    expect(calls.map((c) => c.headers['Accept-Language'])).toEqual(['zh-TW', 'zh-TW', 'zh-TW', 'zh-TW'])
    expect(calls[0].headers['X-CSRF-Token']).toBeUndefined()
    expect(calls[1].headers['X-CSRF-Token']).toBe('tok-1')
    expect(calls[2].headers['X-CSRF-Token']).toBe('tok-1')
    expect(calls[3].headers['X-CSRF-Token']).toBe('tok-1')
    expect(calls[2].headers['If-Match']).toBe('"3"')
    expect(calls[1].headers['Idempotency-Key']).toBeTruthy()
    expect(calls[1].body).toEqual({ a: 1 })
    expect(calls[0].url).toBe('/api/v1/me')
  })

  it('builds queries without empty values', () => {
    expect(buildQuery({ q: '东阿', type: '', page: 2, x: undefined, b: false })).toBe('?q=%E4%B8%9C%E9%98%BF&page=2&b=false')
    expect(buildQuery({})).toBe('')
  })

  it('turns an error body into an ApiError with code, message and field', async () => {
    mockFetch(() => ({ status: 400, body: { code: 'invalid_input', message: '学校标识码必须是 10 位数字', field: 'code' } }))
    const e = await fail(api.post('/schools', {}))
    expect(e).toBeInstanceOf(ApiError)
    expect(e.status).toBe(400)
    expect(e.code).toBe('invalid_input')
    expect(e.message).toBe('学校标识码必须是 10 位数字')
    expect(e.field).toBe('code')
  })

  it('reads retry_after_seconds of a 429, or the Retry-After header', async () => {
    mockFetch(() => ({ status: 429, body: { code: 'throttled', message: 'slow down', retry_after_seconds: 42 } }))
    const e1 = await fail(api.post('/session', {}))
    expect(e1.code).toBe('throttled')
    expect(e1.retryAfterSeconds).toBe(42)
    mockFetch(() => ({ status: 429, body: { code: 'throttled', message: 'slow' }, headers: { 'Retry-After': '7' } }))
    const e2 = await fail(api.post('/session', {}))
    expect(e2.retryAfterSeconds).toBe(7)
  })

  it('calls the 401 hook unless the request is quiet', async () => {
    mockFetch(() => ({ status: 401, body: { code: 'unauthenticated', message: '请先登录' } }))
    await api.get('/schools').catch(() => {})
    expect(onUnauthenticated).toHaveBeenCalledTimes(1)
    await api.get('/me', { quiet401: true }).catch(() => {})
    expect(onUnauthenticated).toHaveBeenCalledTimes(1)
  })

  it('copes with a non-JSON error body and with network failures', async () => {
    mockFetch(() => ({ status: 502, body: '<html>bad gateway</html>' }))
    const e = await fail(api.get('/health'))
    expect(e.status).toBe(502)
    expect(e.code).toBe('server_error')
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))))
    const n = await fail(api.get('/health'))
    expect(n.status).toBe(0)
    expect(n.code).toBe('network_error')
  })

  it('returns undefined for 204', async () => {
    mockFetch(() => ({ status: 204 }))
    await expect(api.del('/session')).resolves.toBeUndefined()
  })
})
