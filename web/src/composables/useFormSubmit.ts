// The error and busy state of a form that is checked on the client, then sent: client checks
// (i18n keys by field) and the server's errors are shown next to their field when the form has
// it, else above the form; a version conflict gets the form's own explanation.
import { reactive, ref, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { ApiError } from '@/api/client'
import { errorText } from '@/utils/errors'

export function useFormSubmit(form: object, conflictKey: string) {
  const { t } = useI18n()
  const errors = reactive<Record<string, string>>({})
  const formError = ref('')
  const saving = ref(false)

  // A field the user changes loses its message at once (the rest stay until the next save).
  const snapshot = () => Object.fromEntries(Object.entries(form).map(([k, v]) => [k, JSON.stringify(v)]))
  let last = snapshot()
  watch(
    () => snapshot(),
    (now) => {
      for (const k of Object.keys(now)) if (now[k] !== last[k]) delete errors[k]
      last = now
    },
  )

  function clear() {
    for (const k of Object.keys(errors)) delete errors[k]
    formError.value = ''
  }

  /** Shows `bad` (field → i18n key) if not empty; otherwise runs `send`. */
  async function submit(bad: Record<string, string>, send: () => Promise<void>) {
    clear()
    if (Object.keys(bad).length) {
      for (const [k, v] of Object.entries(bad)) errors[k] = t(v)
      return
    }
    saving.value = true
    try {
      await send()
    } catch (e) {
      const msg = e instanceof ApiError && e.code === 'version_mismatch' ? t(conflictKey) : errorText(e, t)
      if (e instanceof ApiError && e.field && e.field in form) errors[e.field] = msg
      else formError.value = msg
    } finally {
      saving.value = false
    }
  }

  return { errors, formError, saving, clear, submit }
}
