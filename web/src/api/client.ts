// A small fetch wrapper for /api/v1: JSON bodies, Accept-Language, X-CSRF-Token on writes, and a
// typed error for every non-2xx answer ({code, message, field?} per docs/api.md).

export const API_BASE = '/api/v1'

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly field?: string
  readonly retryAfterSeconds?: number
  readonly body: Record<string, unknown>

  constructor(status: number, body: Record<string, unknown>, fallbackMessage: string) {
    const message = typeof body.message === 'string' && body.message ? body.message : fallbackMessage
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.body = body
    this.code = typeof body.code === 'string' && body.code ? body.code : statusCode(status)
    if (typeof body.field === 'string' && body.field) this.field = body.field
    const retry = body.retry_after_seconds
    if (typeof retry === 'number') this.retryAfterSeconds = retry
    else if (typeof retry === 'string' && /^\d+$/.test(retry)) this.retryAfterSeconds = Number(retry)
  }
}

function statusCode(status: number): string {
  if (status === 0) return 'network_error'
  if (status === 401) return 'unauthenticated'
  if (status === 403) return 'forbidden'
  if (status === 404) return 'not_found'
  if (status === 429) return 'throttled'
  if (status >= 500) return 'server_error'
  return 'http_' + status
}

export interface ClientHooks {
  /** Current UI language, sent as Accept-Language. */
  language: () => string
  /** CSRF token from the login or /me response; sent on writes. */
  csrfToken: () => string
  /** Called on any 401 from a request that was not itself a login attempt. */
  onUnauthenticated: () => void
}

const hooks: ClientHooks = {
  language: () => 'zh-CN',
  csrfToken: () => '',
  onUnauthenticated: () => {},
}

export function configureClient(h: Partial<ClientHooks>): void {
  Object.assign(hooks, h)
}

export type Query = Record<string, string | number | boolean | undefined | null>

export function buildQuery(q?: Query): string {
  if (!q) return ''
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === null || v === '') continue
    p.set(k, String(v))
  }
  const s = p.toString()
  return s ? '?' + s : ''
}

export interface RequestOptions {
  query?: Query
  body?: unknown
  ifMatch?: number | string
  /** Do not trigger the global 401 handler (used by login and the initial /me probe). */
  quiet401?: boolean
  headers?: Record<string, string>
  /** A file sent as it is (evidence uploads), with its own Content-Type; instead of `body`. */
  raw?: Blob
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': hooks.language(),
    ...(opts.headers ?? {}),
  }
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json'
  else if (opts.raw !== undefined) headers['Content-Type'] = opts.raw.type || 'application/octet-stream'
  if (WRITE_METHODS.has(method)) {
    const token = hooks.csrfToken()
    if (token) headers['X-CSRF-Token'] = token
    headers['Idempotency-Key'] = newIdempotencyKey()
  }
  if (opts.ifMatch !== undefined) headers['If-Match'] = `"${opts.ifMatch}"`

  let res: Response
  try {
    res = await fetch(API_BASE + path + buildQuery(opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body !== undefined ? JSON.stringify(opts.body) : opts.raw,
    })
  } catch (e) {
    throw new ApiError(0, {}, e instanceof Error ? e.message : String(e))
  }

  if (res.status === 204) return undefined as T
  const text = await res.text()
  let body: unknown = undefined
  if (text) {
    try {
      body = JSON.parse(text)
    } catch {
      body = undefined
    }
  }
  if (!res.ok) {
    const obj = body && typeof body === 'object' ? (body as Record<string, unknown>) : {}
    if (res.status === 429 && obj.retry_after_seconds === undefined) {
      const ra = res.headers.get('Retry-After')
      if (ra && /^\d+$/.test(ra)) obj.retry_after_seconds = Number(ra)
    }
    const err = new ApiError(res.status, obj, res.statusText || `HTTP ${res.status}`)
    if (res.status === 401 && !opts.quiet401) hooks.onUnauthenticated()
    throw err
  }
  return body as T
}

let counter = 0
function newIdempotencyKey(): string {
  const c = globalThis.crypto as Crypto | undefined
  if (c && typeof c.randomUUID === 'function') return c.randomUUID()
  counter += 1
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${counter}`
}

export const api = {
  get: <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, opts),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, { ...opts, body }),
  patch: <T>(path: string, body: unknown, opts?: RequestOptions) => request<T>('PATCH', path, { ...opts, body }),
  del: <T>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, opts),
}
