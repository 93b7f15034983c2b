// The save flow of a create-or-edit dialog (v-model open state, `saved` event): the form is filled
// again each time the dialog opens; saving checks on the client, then either creates or sends only
// the changed fields of an edit (none changed: says so and closes), reports success, emits the
// saved object and closes. Errors go next to their field as useFormSubmit places them.
import { watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { ElMessage } from 'element-plus'
import { useFormSubmit } from '@/composables/useFormSubmit'

/** How one save is sent: a PATCH of `changes` (an edit) or a create. `done` is the success i18n key. */
export type SaveOp<T> =
  | { changes: Record<string, unknown>; update: (changes: Record<string, unknown>) => Promise<T>; done: string }
  | { create: () => Promise<T>; done: string }

export function useFormDialog<T>(opts: {
  form: object
  /** i18n key for a version conflict (someone else saved first). */
  conflictKey: string
  isOpen: () => boolean
  /** Fills the form for the dialog that is opening. */
  reset: () => void
  close: () => void
  saved: (x: T) => void
}) {
  const { t } = useI18n()
  const { errors, formError, saving, clear, submit } = useFormSubmit(opts.form, opts.conflictKey)

  watch(
    opts.isOpen,
    (open) => {
      if (!open) return
      opts.reset()
      clear()
    },
    { immediate: true },
  )

  /** Shows `bad` (field → i18n key) if not empty; otherwise sends `op`. */
  function save(bad: Record<string, string>, op: SaveOp<T>) {
    return submit(bad, async () => {
      let saved: T
      if ('changes' in op) {
        if (Object.keys(op.changes).length === 0) {
          ElMessage.info(t('campaignForm.nothingChanged'))
          opts.close()
          return
        }
        saved = await op.update(op.changes)
      } else {
        saved = await op.create()
      }
      ElMessage.success(t(op.done))
      opts.saved(saved)
      opts.close()
    })
  }

  return { errors, formError, saving, save }
}
