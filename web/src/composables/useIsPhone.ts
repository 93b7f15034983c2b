import { onBeforeUnmount, ref } from 'vue'

export const PHONE_QUERY = '(max-width: 480px)'

/** Reactive "is this a phone-sized viewport" (≤ 480 px wide). */
export function useIsPhone() {
  const mq = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(PHONE_QUERY) : null
  const isPhone = ref(mq ? mq.matches : false)
  const onChange = (e: MediaQueryListEvent) => {
    isPhone.value = e.matches
  }
  if (mq) {
    if (mq.addEventListener) mq.addEventListener('change', onChange)
    else if ((mq as MediaQueryList).addListener) (mq as MediaQueryList).addListener(onChange)
  }
  onBeforeUnmount(() => {
    if (mq && mq.removeEventListener) mq.removeEventListener('change', onChange)
  })
  return isPhone
}
