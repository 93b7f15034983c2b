// A paged list whose filters live in the URL query: the URL is the state (back/forward and links
// work), every change of the query loads the page again, and an answer that arrives after a newer
// request was sent is dropped. Used by the school, hazard and inspection lists.
import { reactive, ref, watch, type Ref, type UnwrapNestedRefs } from 'vue'
import { useI18n } from 'vue-i18n'
import { useRoute, useRouter, type LocationQuery } from 'vue-router'
import type { ListPage } from '@/api/types'
import { errorText } from '@/utils/errors'

export interface RouteListOptions<F extends { page: number; page_size?: number }, T> {
  /** Route names this list answers to (the query of other routes is ignored). */
  routeNames: () => string[]
  fromRoute: (q: LocationQuery) => F
  toRoute: (f: F) => Record<string, string>
  fetch: (f: F) => Promise<ListPage<T>>
}

export function useRouteList<F extends { page: number; page_size?: number }, T>(o: RouteListOptions<F, T>) {
  const { t } = useI18n()
  const route = useRoute()
  const router = useRouter()
  const filters = reactive(o.fromRoute(route.query)) as UnwrapNestedRefs<F>
  const items = ref([]) as Ref<T[]>
  const total = ref(0)
  const loading = ref(false)
  const error = ref('')

  let seq = 0
  async function load() {
    const mine = ++seq
    loading.value = true
    error.value = ''
    try {
      const res = await o.fetch(filters as F)
      if (mine !== seq) return
      items.value = res.items
      total.value = res.total
    } catch (e) {
      if (mine !== seq) return
      items.value = []
      total.value = 0
      error.value = errorText(e, t)
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  /** Writes the filters to the URL (from page 1 unless told otherwise); the watcher loads. */
  function push(resetPage = true) {
    if (resetPage) filters.page = 1
    void router.replace({ name: route.name as string, query: o.toRoute(filters as F) })
  }

  watch(
    () => route.query,
    (q) => {
      if (!o.routeNames().includes(route.name as string)) return
      Object.assign(filters, o.fromRoute(q))
      void load()
    },
    { immediate: true },
  )

  let debounce: ReturnType<typeof setTimeout> | undefined
  /** A search box: waits for a pause in typing; Enter searches at once. */
  function onSearchInput() {
    if (debounce) clearTimeout(debounce)
    debounce = setTimeout(() => push(), 350)
  }
  function onSearchEnter() {
    if (debounce) clearTimeout(debounce)
    push()
  }
  function onPage(p: number) {
    filters.page = p
    push(false)
  }
  function onSize(s: number) {
    ;(filters as { page_size?: number }).page_size = s
    push()
  }

  return { filters, items, total, loading, error, load, push, onSearchInput, onSearchEnter, onPage, onSize }
}
