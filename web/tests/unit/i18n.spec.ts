import { describe, expect, it } from 'vitest'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import * as OpenCC from 'opencc-js'
import zhCN from '@/i18n/zh-CN'
import zhTW from '@/i18n/zh-TW'
import en from '@/i18n/en'
import { i18n, LOCALES } from '@/i18n'
import { LOCATION_CLASSES, ORG_KINDS, OWNERSHIPS, ROLES, SCHOOL_TYPES } from '@/api/types'
import { MENU } from '@/nav/access'

type Tree = { [k: string]: string | Tree }
function flatten(t: Tree, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(t)) {
    const key = prefix ? `${prefix}.${k}` : k
    if (typeof v === 'string') out[key] = v
    else Object.assign(out, flatten(v, key))
  }
  return out
}
const cn = flatten(zhCN as Tree)
const tw = flatten(zhTW as Tree)
const enF = flatten(en as Tree)
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

/**
 * zh-TW strings that deliberately differ from every OpenCC conversion (s2t, s2tw, s2twp) of the
 * zh-CN string, reviewed by hand. OpenCC's phrase table gets some of these wrong in this context
 * (權限 → 許可權, 高級中學 → 高階中學, 代碼 → 程式碼, 類型 → 型別); others use the wording people
 * in Taiwan expect (帳號, 登出, 新增, 重設, 「」 quotes, 追蹤, 目前位置).
 */
const REVIEWED: Record<string, string> = {
  'nav.schoolNew': '新增學校',
  'common.create': '新增',
  'common.forbidden': '您沒有權限執行此操作。',
  'common.notFound': '未找到該記錄，或它不在您的權限範圍內。',
  'layout.logout': '登出',
  'layout.breadcrumb': '目前位置',
  'roleHelp.bureau_officer': '您可以檢視本轄區的組織與學校，組織檢查、追蹤隱患整改，並核驗資料完整性。',
  'schoolType.senior_high': '高級中學',
  'home.whatIs':
    '安校把學校安全大排查、大整治的全過程搬到線上：教育局組織督查組開展檢查，學校開展自查自糾，發現的每一處隱患登記入帳，明確整改措施、責任人和時限，整改完成後由上級複查銷號，資料逐級上報，做到「五個心中有數」。',
  'home.searchSchoolsHelp': '按名稱、學校標識碼、全拼或拼音首字母搜尋，並按類型、辦學性質等篩選。',
  'home.manageUsersHelp': '建立帳號，分配角色與管轄範圍，重設密碼，停用帳號。',
  'orgs.code': '代碼',
  'orgs.noScope': '您的帳號沒有設定管轄範圍，請聯絡管理員。',
  'schools.type': '學校類型',
  'schools.emptyNoFilter': '您的管轄範圍內還沒有學校。管理員可在「學校管理」中新增學校。',
  'adminSchools.newTitle': '新增學校',
  'users.help': '為教育局、督查組、專家和學校建立帳號，分配角色與管轄範圍。',
  'users.create': '新增使用者',
  'users.resetPassword': '重設密碼',
  'users.passwordReset': '密碼已重設',
  'users.emptyAll': '還沒有使用者。點選「新增使用者」建立第一個帳號。',
  'validation.latitude': '緯度須為 -90 到 90 之間的十進制度數',
  'validation.longitude': '經度須為 -180 到 180 之間的十進制度數',
  'integrity.problemKind': '類型',
  'integrity.notRunYet': '尚未核驗。點選「立即核驗」檢查整條日誌。',
  'notFound.text': '您訪問的頁面不存在，或者您沒有權限檢視。',
}

const s2t = OpenCC.Converter({ from: 'cn', to: 't' })
const s2tw = OpenCC.Converter({ from: 'cn', to: 'tw' })
const s2twp = OpenCC.Converter({ from: 'cn', to: 'twp' })

describe('i18n completeness', () => {
  it('every key is present in all three locales, and nothing else', () => {
    const keys = Object.keys(cn).sort()
    expect(Object.keys(tw).sort()).toEqual(keys)
    expect(Object.keys(enF).sort()).toEqual(keys)
  })

  it('no message is empty and placeholders agree', () => {
    for (const k of Object.keys(cn)) {
      for (const [name, m] of [['zh-CN', cn], ['zh-TW', tw], ['en', enF]] as const) {
        expect(m[k]?.trim(), `${name} ${k}`).toBeTruthy()
        expect(placeholders(m[k]), `${name} ${k}`).toEqual(placeholders(cn[k]))
      }
    }
  })

  it('messages compile in vue-i18n (no stray @ | { })', () => {
    const g = i18n.global
    for (const l of LOCALES) {
      g.locale.value = l
      for (const k of Object.keys(cn)) {
        const out = g.t(k, { n: 1, name: 'X', s: 3, t: 'T' })
        expect(out, `${l} ${k}`).not.toBe(k)
        expect(out).not.toMatch(/\{\w+\}/)
      }
    }
    g.locale.value = 'zh-CN'
  })

  it('enum labels exist for every value the API can return', () => {
    for (const r of ROLES) expect(cn[`roles.${r}`] && cn[`roleHelp.${r}`], r).toBeTruthy()
    for (const v of SCHOOL_TYPES) expect(cn[`schoolType.${v}`], v).toBeTruthy()
    for (const v of OWNERSHIPS) expect(cn[`ownership.${v}`], v).toBeTruthy()
    for (const v of LOCATION_CLASSES) expect(cn[`locationClass.${v}`], v).toBeTruthy()
    for (const v of ORG_KINDS) expect(cn[`orgKind.${v}`], v).toBeTruthy()
    for (const g of MENU) {
      if (g.group) expect(cn[`nav.${g.group}`]).toBeTruthy()
      for (const i of g.items) expect(cn[`nav.${i.name}`], i.name).toBeTruthy()
    }
  })

  it('English has no Chinese except the language names and the Chinese brand', () => {
    for (const [k, v] of Object.entries(enF)) {
      if (k.startsWith('lang.') || k === 'app.latinName') continue
      expect(v, k).not.toMatch(/[\u3400-\u9fff]/)
    }
  })
})

describe('traditional Chinese is real traditional text', () => {
  it('each zh-TW string is an OpenCC conversion of the zh-CN string, or a reviewed wording', () => {
    const unexpected: string[] = []
    for (const [k, s] of Object.entries(cn)) {
      const t = tw[k]
      if (k in REVIEWED) {
        expect(t, k).toBe(REVIEWED[k])
        continue
      }
      if (t !== s2twp(s) && t !== s2tw(s) && t !== s2t(s)) unexpected.push(`${k}: ${t} ≠ ${s2twp(s)}`)
    }
    expect(unexpected).toEqual([])
  })

  it('leaves no simplified-only characters behind', () => {
    // A character is simplified-only when OpenCC turns it into something else on its own (s2t)
    // while the traditional→simplified direction leaves it as it is.
    const t2s = OpenCC.Converter({ from: 't', to: 'cn' })
    const bad: string[] = []
    for (const [k, t] of Object.entries(tw)) {
      if (k === 'lang.zh-CN') continue // the name of simplified Chinese, written in it
      for (const c of t) {
        if (!/[\u3400-\u9fff]/.test(c)) continue
        if (s2t(c) !== c && t2s(c) === c) bad.push(`${k}: ${c}`)
      }
    }
    expect(bad).toEqual([])
  })

  it('does not over-convert (全面 stays 全面, 面 is not 麵)', () => {
    expect(s2twp('全面排查')).toBe('全面排查')
    for (const [k, t] of Object.entries(tw)) expect(t, k).not.toMatch(/麵|許可權|程式碼|高階中學/)
  })
})

describe('no hard-coded Chinese in components', () => {
  it('only the i18n message files contain CJK text', () => {
    const root = join(__dirname, '../../src')
    const offenders: string[] = []
    const walk = (dir: string) => {
      for (const f of readdirSync(dir)) {
        const p = join(dir, f)
        if (statSync(p).isDirectory()) {
          if (f !== 'i18n') walk(p)
          continue
        }
        if (!/\.(vue|ts)$/.test(f)) continue
        const code = readFileSync(p, 'utf8')
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/(^|[^:])\/\/.*$/gm, '$1')
          .replace(/<!--[\s\S]*?-->/g, '')
        if (/[\u3400-\u9fff]/.test(code)) offenders.push(p)
      }
    }
    walk(root)
    expect(offenders).toEqual([])
  })

  it('every literal t() key used in the source exists', () => {
    const root = join(__dirname, '../../src')
    const missing: string[] = []
    const walk = (dir: string) => {
      for (const f of readdirSync(dir)) {
        const p = join(dir, f)
        if (statSync(p).isDirectory()) {
          walk(p)
          continue
        }
        if (!/\.(vue|ts)$/.test(f)) continue
        const code = readFileSync(p, 'utf8')
        for (const m of code.matchAll(/\bt\('([a-zA-Z]+\.[a-zA-Z0-9_.-]+)'/g)) {
          if (m[1].endsWith('.')) continue // a prefix of dynamic keys, checked above
          if (!(m[1] in cn)) missing.push(`${f}: ${m[1]}`)
        }
        for (const m of code.matchAll(/title: '([a-zA-Z]+\.[a-zA-Z0-9_.-]+)'/g)) {
          if (!(m[1] in cn)) missing.push(`${f}: ${m[1]}`)
        }
      }
    }
    walk(root)
    expect(missing).toEqual([])
  })
})

describe('hazard sources speak the campaign’s words', () => {
  // The same concept has one name everywhere (PRODUCT.md §1): a hazard found by a county
  // cross-inspection is labelled like the 县级互查 mode and its teams.
  const SAME: Array<[string, string]> = [
    ['county_census', 'county_census'],
    ['city_supervision', 'city_supervision'],
    ['cross_inspection', 'cross_inspection'],
    ['resident', 'resident'],
    ['thematic', 'thematic'],
    ['province', 'provincial'],
    ['other_department', 'other_department'],
  ]
  for (const [name, flat] of [['zh-CN', cn], ['zh-TW', tw], ['en', enF]] as const) {
    it(`${name}: each source label is its campaign mode's label`, () => {
      for (const [source, mode] of SAME) expect(flat[`hazardSource.${source}`], source).toBe(flat[`campaignMode.${mode}`])
    })
  }
  it('zh-CN uses the source article’s terms', () => {
    expect(cn['hazardSource.cross_inspection']).toBe('县级互查')
    expect(cn['hazardSource.resident']).toBe('驻点监管')
    expect(cn['hazardSource.province']).toBe('省级督导')
    expect(cn['hazardSource.county_census']).toBe('县级普查')
    expect(cn['teamKind.city_supervision']).toBe('市级督导组')
  })
})
