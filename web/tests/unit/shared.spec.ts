// Components shared by several pages: the create-or-edit dialog (FormDialog with useFormDialog),
// the report actions of the report list and page, and the list toolbar and pager.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { defineComponent, h, reactive, type Plugin } from 'vue'
import { createPinia, setActivePinia } from 'pinia'
import ElementPlus, { ElFormItem, ElInput } from 'element-plus'
import { i18n, setLocale } from '@/i18n'
import { useAuthStore } from '@/stores/auth'
import { useFormDialog } from '@/composables/useFormDialog'
import FormDialog from '@/components/FormDialog.vue'
import ReportActions from '@/components/reports/ReportActions.vue'
import ListPager from '@/components/ListPager.vue'
import ListToolbar from '@/components/ListToolbar.vue'
import { api } from '@/api/client'
import { mockFetch } from './helpers'

interface Thing {
  id: string
  name: string
  version: number
}

// A dialog like CampaignFormDialog: one field, "name", checked on the client (not empty).
const ThingDialog = defineComponent({
  props: { modelValue: Boolean, thing: { type: Object as () => Thing | null, default: null } },
  emits: ['update:modelValue', 'saved'],
  setup(props, { emit }) {
    const form = reactive({ name: '' })
    const { errors, formError, saving, save } = useFormDialog<Thing>({
      form,
      conflictKey: 'campaignForm.versionConflict',
      isOpen: () => props.modelValue,
      reset: () => (form.name = props.thing?.name ?? ''),
      close: () => emit('update:modelValue', false),
      saved: (x) => emit('saved', x),
    })
    const send = (method: 'POST' | 'PATCH', path: string) =>
      method === 'POST' ? api.post<Thing>(path, { name: form.name }) : api.patch<Thing>(path, { name: form.name })
    function onSave() {
      const th = props.thing
      const bad: Record<string, string> = form.name.trim() ? {} : { name: 'validation.required' }
      return save(
        bad,
        th
          ? { changes: form.name === th.name ? {} : { name: form.name }, update: () => send('PATCH', '/things/' + th.id), done: 'campaignForm.updated' }
          : { create: () => send('POST', '/things'), done: 'campaignForm.created' },
      )
    }
    return () =>
      h(
        FormDialog,
        {
          modelValue: props.modelValue,
          title: 'Thing',
          width: '500px',
          testId: 'thing-form',
          formError: formError.value,
          saving: saving.value,
          saveLabel: 'Save',
          'onUpdate:modelValue': (v: boolean) => emit('update:modelValue', v),
          onSave,
        },
        {
          default: () =>
            h(ElFormItem, { label: 'Name', error: errors.name, 'data-test': 'name-item' }, () =>
              h(ElInput, { modelValue: form.name, 'onUpdate:modelValue': (v: string) => (form.name = v), 'data-test': 'name' }),
            ),
        },
      )
  },
})

function mountThing(props: { modelValue: boolean; thing: Thing | null }) {
  return mount(ThingDialog, { props, attachTo: document.body, global: { plugins: [i18n as unknown as Plugin, ElementPlus] } })
}
// The message the field shows under itself (ElFormItem's error).
const fieldError = (w: ReturnType<typeof mountThing>) => w.findComponent(ElFormItem).props('error') as string | undefined
const q = (sel: string) => document.body.querySelector(sel)

beforeEach(() => {
  setActivePinia(createPinia())
  setLocale('zh-CN')
  document.body.innerHTML = ''
})
afterEach(() => vi.unstubAllGlobals())

describe('FormDialog with useFormDialog', () => {
  it('fills the form on opening and sends nothing for an unchanged edit', async () => {
    const calls = mockFetch(() => ({ status: 500 }))
    const w = mountThing({ modelValue: true, thing: { id: 't1', name: '甲', version: 3 } })
    await flushPromises()
    expect((q('input[data-test="name"]') as HTMLInputElement).value).toBe('甲')
    ;(q('[data-test="thing-form-save"]') as HTMLElement).click()
    await flushPromises()
    expect(calls).toHaveLength(0)
    expect(w.emitted('update:modelValue')).toEqual([[false]])
    expect(w.emitted('saved')).toBeUndefined()
    w.unmount()
  })

  it('shows a client check under its field and does not send', async () => {
    const calls = mockFetch(() => ({ status: 500 }))
    const w = mountThing({ modelValue: true, thing: null })
    await flushPromises()
    ;(q('[data-test="thing-form-save"]') as HTMLElement).click()
    await flushPromises()
    expect(calls).toHaveLength(0)
    expect(fieldError(w)).toBe(i18n.global.t('validation.required'))
    expect(q('[data-test="thing-form-error"]')).toBeNull()
    w.unmount()
  })

  it('puts a server error under the field it names, and one without a field above the form', async () => {
    let answer = { status: 422, body: { code: 'duplicate', message: '名称已存在', field: 'name' } as Record<string, unknown> }
    mockFetch(() => answer)
    const w = mountThing({ modelValue: true, thing: null })
    await flushPromises()
    await w.findComponent(ElInput).setValue('乙')
    ;(q('[data-test="thing-form-save"]') as HTMLElement).click()
    await flushPromises()
    expect(fieldError(w)).toBe('名称已存在')
    expect(q('[data-test="thing-form-error"]')).toBeNull()

    answer = { status: 409, body: { code: 'version_mismatch', message: 'stale' } }
    ;(q('[data-test="thing-form-save"]') as HTMLElement).click()
    await flushPromises()
    expect(q('[data-test="thing-form-error"]')?.textContent).toContain(i18n.global.t('campaignForm.versionConflict'))
    expect(fieldError(w)).toBeFalsy()
    expect(w.emitted('saved')).toBeUndefined()
    w.unmount()
  })

  it('creates, emits the saved object and closes', async () => {
    const calls = mockFetch(() => ({ status: 201, body: { id: 't9', name: '丙', version: 1 } }))
    const w = mountThing({ modelValue: true, thing: null })
    await flushPromises()
    await w.findComponent(ElInput).setValue('丙')
    ;(q('[data-test="thing-form-save"]') as HTMLElement).click()
    await flushPromises()
    expect(calls.map((c) => [c.method, c.url])).toEqual([['POST', '/api/v1/things']])
    expect(w.emitted('saved')).toEqual([[{ id: 't9', name: '丙', version: 1 }]])
    expect(w.emitted('update:modelValue')).toEqual([[false]])
    w.unmount()
  })

  it('sends the changed field of an edit', async () => {
    const calls = mockFetch(() => ({ status: 200, body: { id: 't1', name: '丁', version: 4 } }))
    const w = mountThing({ modelValue: true, thing: { id: 't1', name: '甲', version: 3 } })
    await flushPromises()
    await w.findComponent(ElInput).setValue('丁')
    ;(q('[data-test="thing-form-save"]') as HTMLElement).click()
    await flushPromises()
    expect(calls.map((c) => [c.method, c.url, c.body])).toEqual([['PATCH', '/api/v1/things/t1', { name: '丁' }]])
    expect(w.emitted('saved')?.[0]).toEqual([{ id: 't1', name: '丁', version: 4 }])
    w.unmount()
  })
})

describe('FormDialog on a phone', () => {
  it('opens full screen on a phone only', async () => {
    mockFetch(() => ({ status: 500 }))
    viewport(true)
    const phone = mountThing({ modelValue: true, thing: null })
    await flushPromises()
    expect(q('[data-test="thing-form"]')?.classList.contains('is-fullscreen')).toBe(true)
    phone.unmount()
    document.body.innerHTML = ''
    viewport(false)
    const desk = mountThing({ modelValue: true, thing: null })
    await flushPromises()
    expect(q('[data-test="thing-form"]')?.classList.contains('is-fullscreen')).toBe(false)
    desk.unmount()
  })
})

describe('ReportActions', () => {
  const report = { id: 'r1', version: 2, state: 'submitted' as const, org_id: 'school1', supervising_org_id: 'county1' }
  function signIn(role: string, scopeId: string) {
    const auth = useAuthStore()
    auth.$patch({
      user: { id: 'u', username: 'u', display_name: 'u', role, scope_org_id: scopeId, organization: '', disabled: false },
      scope: { id: scopeId, parent_id: null, kind: 'county', name: '东阿县', code: '371524', school_count: 1, path: [] },
    } as never)
  }
  const mountActions = (r = report) => mount(ReportActions, { props: { report: r }, global: { plugins: [i18n as unknown as Plugin, ElementPlus] } })

  it('offers accept and return only to the supervising bureau of a submitted report', () => {
    signIn('bureau_officer', 'county1')
    expect(mountActions().findAll('button').map((b) => b.attributes('data-test'))).toEqual(['report-accept', 'report-return'])
    signIn('bureau_officer', 'county2')
    expect(mountActions().findAll('button')).toHaveLength(0)
    signIn('principal', 'school1')
    expect(mountActions().findAll('button')).toHaveLength(0)
    expect(mountActions({ ...report, state: 'awaiting_approval' as never }).findAll('button').map((b) => b.attributes('data-test'))).toEqual([
      'report-approve',
    ])
  })

  it('accepts with the version and emits the report as it is now', async () => {
    signIn('bureau_officer', 'county1')
    const calls = mockFetch(() => ({ status: 200, body: { ...report, state: 'accepted', version: 3 } }))
    const w = mountActions()
    await w.find('[data-test="report-accept"]').trigger('click')
    await flushPromises()
    expect(calls.map((c) => [c.method, c.url, c.headers['If-Match']])).toEqual([['POST', '/api/v1/reports/r1/accept', '"2"']])
    expect(w.emitted('done')?.[0]?.[0]).toMatchObject({ state: 'accepted', version: 3 })
  })
})

// A viewport of the given width for useIsPhone (matchMedia '(max-width: 480px)').
function viewport(phone: boolean) {
  vi.stubGlobal('matchMedia', (q: string) => ({ matches: phone, media: q, addEventListener() {}, removeEventListener() {} }))
}
const icons = { IconSearch: { render: () => null }, IconFilter: { render: () => null } }

describe('ListToolbar', () => {
  function mountToolbar(props: Record<string, unknown>) {
    return mount(ListToolbar, {
      props: { modelValue: '', placeholder: '搜索', searchTestId: 's', filtersLabel: '筛选', activeFilterCount: 0, hasFilter: false, ...props },
      slots: { default: () => h('span', { 'data-test': 'a-filter' }, 'filter') },
      global: { plugins: [i18n as unknown as Plugin, ElementPlus], components: icons },
    })
  }

  it('shows the filters on a desktop, without a fold button', () => {
    viewport(false)
    const w = mountToolbar({ hasFilter: true })
    expect(w.find('[data-test="a-filter"]').exists()).toBe(true)
    expect(w.find('[data-test="filter-toggle"]').exists()).toBe(false)
    expect(w.find('[data-test="filter-reset"]').exists()).toBe(true)
  })

  it('folds the filters behind a button counting the active ones on a phone', async () => {
    viewport(true)
    const w = mountToolbar({ activeFilterCount: 2, hasFilter: true })
    expect(w.find('[data-test="a-filter"]').exists()).toBe(false)
    expect(w.find('[data-test="filter-reset"]').exists()).toBe(false)
    expect(w.find('[data-test="filter-toggle"]').text()).toBe('筛选 · 2')
    await w.find('[data-test="filter-toggle"]').trigger('click')
    expect(w.find('[data-test="a-filter"]').exists()).toBe(true)
    await w.find('[data-test="filter-reset"]').trigger('click')
    expect(w.emitted('reset')).toHaveLength(1)
  })

  it('uses the short placeholder on a phone only, so the narrow box shows it whole', () => {
    viewport(true)
    const phone = mountToolbar({ placeholder: '学校名称、标识码、全拼或首字母', phonePlaceholder: '名称、标识码或拼音' })
    expect(phone.find('input[data-test="s"]').attributes('placeholder')).toBe('名称、标识码或拼音')
    viewport(false)
    const desk = mountToolbar({ placeholder: '学校名称、标识码、全拼或首字母', phonePlaceholder: '名称、标识码或拼音' })
    expect(desk.find('input[data-test="s"]').attributes('placeholder')).toBe('学校名称、标识码、全拼或首字母')
    viewport(true)
    expect(mountToolbar({}).find('input[data-test="s"]').attributes('placeholder')).toBe('搜索')
  })

  it('passes the search text up, and Enter searches at once', async () => {
    viewport(false)
    const w = mountToolbar({})
    await w.find('input[data-test="s"]').setValue('东阿')
    expect(w.emitted('update:modelValue')?.at(-1)).toEqual(['东阿'])
    expect(w.emitted('input')).toBeTruthy()
    await w.find('input[data-test="s"]').trigger('keyup', { key: 'Enter' })
    expect(w.emitted('enter')).toHaveLength(1)
  })
})

describe('ListPager', () => {
  const mountPager = (props: Record<string, unknown>) =>
    mount(ListPager, { props: { page: 2, pageSize: 20, total: 95, ...props }, global: { plugins: [i18n as unknown as Plugin, ElementPlus] } })

  it('offers page sizes and "go to" on a desktop only', () => {
    viewport(false)
    const desk = mountPager({ pageSizes: [20, 50], jumper: true })
    expect(desk.find('.el-pagination__sizes').exists()).toBe(true)
    expect(desk.find('.el-pagination__jump').exists()).toBe(true)
    viewport(true)
    const phone = mountPager({ pageSizes: [20, 50], jumper: true })
    expect(phone.find('.el-pagination__sizes').exists()).toBe(false)
    expect(phone.find('.el-pagination__jump').exists()).toBe(false)
    expect(phone.find('.el-pagination__total').exists()).toBe(true)
  })

  it('emits the page chosen', async () => {
    viewport(false)
    const w = mountPager({})
    await w.find('.el-pager li:nth-child(3)').trigger('click')
    expect(w.emitted('page')).toEqual([[3]])
  })
})
