import { defineStore } from 'pinia'
import { reactive } from 'vue'
import { Api } from '@/api/endpoints'

/** A small cache of org id → name, for showing the scopes of many users. */
export const useOrgNames = defineStore('orgNames', () => {
  const names = reactive<Record<string, string>>({})
  const pending = new Set<string>()

  function want(id: string): void {
    if (!id || id in names || pending.has(id)) return
    pending.add(id)
    Api.org(id)
      .then((o) => {
        names[id] = o.name
      })
      .catch(() => {
        names[id] = ''
      })
      .finally(() => pending.delete(id))
  }
  function name(id: string): string {
    want(id)
    return names[id] ?? ''
  }
  function remember(id: string, n: string): void {
    names[id] = n
  }
  return { names, want, name, remember }
})
