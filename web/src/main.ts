import { createApp } from 'vue'
import { createPinia } from 'pinia'
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import { icons } from './icons'
import App from './App.vue'
import { i18n, currentLocale, setLocale } from './i18n'
import { makeRouter } from './router'
import { configureClient } from './api/client'
import { useAuthStore } from './stores/auth'
import './styles/main.css'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(i18n)
app.use(ElementPlus)
for (const [name, comp] of Object.entries(icons)) app.component('Icon' + name, comp)

const router = makeRouter()
app.use(router)

const auth = useAuthStore()
configureClient({
  language: () => currentLocale(),
  csrfToken: () => auth.csrfToken,
  onUnauthenticated: () => {
    auth.expire()
    const cur = router.currentRoute.value
    if (cur.name !== 'login') {
      void router.replace({ name: 'login', query: { redirect: cur.fullPath, expired: '1' } })
    }
  },
})
setLocale(currentLocale())

app.mount('#app')
