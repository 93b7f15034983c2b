import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { Api } from '@/api/endpoints'
import { ApiError } from '@/api/client'
import type { Org, User } from '@/api/types'

/** Session state: the signed-in user, the scope org and the CSRF token for writes. */
export const useAuthStore = defineStore('auth', () => {
  const user = ref<User | null>(null)
  const scope = ref<Org | null>(null)
  const csrfToken = ref('')
  /** True once we asked the server whether a session exists (GET /me). */
  const checked = ref(false)

  const isAuthenticated = computed(() => user.value !== null)
  const role = computed(() => user.value?.role ?? null)

  function clear(): void {
    user.value = null
    scope.value = null
    csrfToken.value = ''
  }

  /** Ask the server for the current session. Resolves to true when signed in. */
  async function fetchMe(): Promise<boolean> {
    try {
      const me = await Api.me(true)
      user.value = me.user
      scope.value = me.scope ?? null
      csrfToken.value = me.csrf_token
      return true
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        clear()
        return false
      }
      throw e
    } finally {
      checked.value = true
    }
  }

  /** Probe the session once (router guard). Network errors count as "not signed in". */
  async function ensureChecked(): Promise<boolean> {
    if (checked.value) return isAuthenticated.value
    try {
      return await fetchMe()
    } catch {
      checked.value = true
      return false
    }
  }

  async function login(username: string, password: string): Promise<void> {
    const res = await Api.login(username, password)
    csrfToken.value = res.csrf_token
    user.value = res.user
    checked.value = true
    // The login answer has no scope org; /me has it.
    try {
      await fetchMe()
    } catch {
      scope.value = null
    }
  }

  async function logout(): Promise<void> {
    try {
      await Api.logout()
    } catch {
      /* the session may already be gone */
    }
    clear()
    checked.value = true
  }

  /** Forget the session locally (after a 401). */
  function expire(): void {
    clear()
    checked.value = true
  }

  return { user, scope, csrfToken, checked, isAuthenticated, role, fetchMe, ensureChecked, login, logout, expire, clear }
})
