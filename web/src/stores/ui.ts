import { defineStore } from 'pinia'
import { ref } from 'vue'

/** Page-level UI state shared with the layout (e.g. the last breadcrumb of a detail page). */
export const useUiStore = defineStore('ui', () => {
  const crumbTitle = ref('')
  function setCrumbTitle(t: string): void {
    crumbTitle.value = t
  }
  return { crumbTitle, setCrumbTitle }
})
