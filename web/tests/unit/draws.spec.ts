import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { commitmentOf, type DrawProblem } from '@/api/draws'
import { groupedHex, problemText } from '@/utils/draws'
import { i18n } from '@/i18n'

/** Canonical JSON as docs/draw_algorithm.md §2 defines it, for the ASCII-only vector used here. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return '[' + v.map(canonical).join(',') + ']'
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>
    return '{' + Object.keys(o).sort().map((k) => JSON.stringify(k) + ':' + canonical(o[k])).join(',') + '}'
  }
  return JSON.stringify(v)
}

describe('draw helpers', () => {
  it('recomputes the commitment of the worked example (docs/draw_algorithm.md §9) in the browser', async () => {
    const path = join(__dirname, '../../../tests/fixtures/draws/07_worked_example.json')
    const v = JSON.parse(readFileSync(path, 'utf8'))
    const d = canonical({
      definition: v.definition,
      format: 'anxiao-draw/1',
      inspectors_sha256: v.inspectors_sha256,
      schools_sha256: v.schools_sha256,
    })
    expect(await commitmentOf(v.seed, d)).toBe(v.commitment)
    expect(await commitmentOf(v.seed, d + ' ')).not.toBe(v.commitment)
    expect(await commitmentOf('xyz', d)).toBeNull()
  })

  it('explains problems with county names in each language', () => {
    const p: DrawProblem = { kind: 'inspectors_short', county: null, by_county: 'org_a', rule: null, need: 4, have: 3, message: '' }
    const names = { org_a: '东阿县' }
    const t = i18n.global.t as unknown as (k: string, p?: Record<string, unknown>) => string
    i18n.global.locale.value = 'zh-CN'
    expect(problemText(p, t, names)).toBe('东阿县：可用检查人员只有 3 人，每组需要 4 人')
    i18n.global.locale.value = 'en'
    expect(problemText(p, t, names)).toBe('东阿县: only 3 available inspectors; a team needs 4')
    const s: DrawProblem = { kind: 'stratum_rule_short', county: 'org_b', by_county: null, rule: 0, need: 6, have: 2, message: '' }
    expect(problemText(s, t, names)).toBe('org_b: only 2 schools of the classes of rule 1; it needs at least 6')
    i18n.global.locale.value = 'zh-CN'
  })

  it('groups a hash in eights', () => {
    expect(groupedHex('0123456789abcdef01')).toBe('01234567 89abcdef 01')
    expect(groupedHex(null)).toBe('')
  })
})
