import { ApiError } from '@/api/client'

type T = (key: string, named?: Record<string, unknown>) => string

/**
 * The text to show a person for a failed request: the server's own message (already in the
 * caller's language) when it sent one, else a local explanation by error class.
 */
export function errorText(e: unknown, t: T): string {
  if (e instanceof ApiError) {
    if (e.status === 0) return t('common.networkError')
    const serverMessage = typeof e.body.message === 'string' ? e.body.message : ''
    if (serverMessage) return serverMessage
    if (e.status === 403) return t('common.forbidden')
    if (e.status === 404) return t('common.notFound')
    return t('common.unknownError')
  }
  return t('common.unknownError')
}

/** The login page's text for a failed sign-in. */
export function loginErrorText(e: unknown, t: T): string {
  if (e instanceof ApiError) {
    if (e.code === 'bad_credentials') return t('login.badCredentials')
    if (e.code === 'throttled' || e.status === 429) {
      return e.retryAfterSeconds !== undefined
        ? t('login.throttled', { s: e.retryAfterSeconds })
        : t('login.throttledNoTime')
    }
  }
  return errorText(e, t)
}
