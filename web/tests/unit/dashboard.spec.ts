import { describe, expect, it } from 'vitest'
import type { FiveKnownsFigures, FiveKnownsNode } from '@/api/types'
import {
  RISK_COLORS,
  categoryBars,
  childrenAddUp,
  drillTo,
  kpis,
  leagueRows,
  percent,
  riskSlices,
  sortLeague,
  trailFromPath,
  trailParam,
  trendSeries,
  type Crumb,
} from '@/utils/dashboard'

const t = (k: string) => k

function figures(over: { total?: number; open?: number; overdue?: number; red?: number; cats?: Record<string, number>; share?: number | null; median?: number | null } = {}): FiveKnownsFigures {
  const total = over.total ?? 10
  const open = over.open ?? 4
  return {
    counts: { total, open, closed: total - open, voided: 0, by_category: (over.cats ?? { fire: total }) as never, by_source: { self: total } },
    risk: { all: { red: over.red ?? 1, orange: 2, yellow: total - 3 - (over.red ?? 1) + 1, blue: 0 }, open: { red: over.red ?? 1, orange: 0, yellow: open - (over.red ?? 1), blue: 0 } },
    measures: { open_with_plan: 2, plan_share: 0.5, red_open: over.red ?? 1, red_open_with_interim: 1, red_open_five_in_place: 0 },
    deadlines: { overdue: over.overdue ?? 1, due_soon: 1, due_soon_days: 3, extended: 0 },
    progress: { closed_share: over.share === undefined ? (total - open) / total : over.share, median_days_to_close: over.median === undefined ? 5 : over.median, closed_with_days: total - open, rejections: 0, rejection_rate: 0 },
  }
}
const node = (id: string, f: FiveKnownsFigures, kind: FiveKnownsNode['kind'] = 'county'): FiveKnownsNode => ({ org_id: id, name: id, kind, figures: f })

describe('charts', () => {
  it('gives the four risk levels in bureau order and colour, all or open', () => {
    const f = figures({ red: 2 })
    const all = riskSlices(f, t)
    expect(all.map((s) => s.key)).toEqual(['red', 'orange', 'yellow', 'blue'])
    expect(all.map((s) => s.value)).toEqual([2, 2, 6, 0])
    expect(all[0].itemStyle.color).toBe(RISK_COLORS.red)
    expect(all[0].name).toBe('risk.red')
    expect(riskSlices(f, t, true).map((s) => s.value)).toEqual([2, 0, 2, 0])
  })

  it('sorts categories by count and leaves out empty ones', () => {
    const bars = categoryBars(figures({ cats: { food: 3, fire: 3, traffic: 7, other: 0 } }), t)
    expect(bars.map((b) => b.key)).toEqual(['traffic', 'fire', 'food'])
    expect(bars[0]).toEqual({ key: 'traffic', name: 'hazardCategory.traffic', value: 7 })
  })

  it('turns the trend into axis labels and two series with totals', () => {
    const s = trendSeries([
      { date: '2026-11-27', found: 3, closed: 0 },
      { date: '2026-11-28', found: 1, closed: 2 },
    ])
    expect(s.dates).toEqual(['11-27', '11-28'])
    expect(s.found).toEqual([3, 1])
    expect(s.closed).toEqual([0, 2])
    expect([s.foundTotal, s.closedTotal]).toEqual([4, 2])
    expect(trendSeries([]).dates).toEqual([])
  })

  it('formats shares with one decimal and no share of nothing as a dash', () => {
    expect(percent(0.8277)).toBe('82.8%')
    expect(percent(1)).toBe('100.0%')
    expect(percent(0)).toBe('0.0%')
    expect(percent(null)).toBe('—')
  })

  it('gives the headline numbers with danger tones only when there is something to act on', () => {
    const k = kpis(figures({ overdue: 0, red: 0 }), String)
    expect(k.map((x) => x.key)).toEqual(['total', 'open', 'closed', 'closedShare', 'redOpen', 'overdue', 'dueSoon', 'planShare', 'medianDays'])
    expect(k.find((x) => x.key === 'overdue')!.tone).toBe('')
    expect(kpis(figures({ overdue: 3 }), String).find((x) => x.key === 'overdue')).toEqual({ key: 'overdue', value: '3', tone: 'danger' })
    expect(kpis(figures({ median: null }), String).find((x) => x.key === 'medianDays')!.value).toBe('—')
  })
})

describe('league table', () => {
  const kids = [
    node('a', figures({ total: 10, open: 4, overdue: 1 })),
    node('b', figures({ total: 20, open: 2, overdue: 5 })),
    node('c', figures({ total: 0, open: 0, overdue: 0, share: null, median: null })),
    node('d', figures({ total: 5, open: 5, overdue: 1 })),
  ]

  it('has one row per child with its figures', () => {
    const rows = leagueRows(kids)
    expect(rows.map((r) => r.org_id)).toEqual(['a', 'b', 'c', 'd'])
    expect(rows[1]).toMatchObject({ total: 20, open: 2, closed: 18, overdue: 5, closedShare: 0.9, medianDays: 5 })
  })

  it('sorts numbers descending, ties in tree order, nulls last', () => {
    const rows = leagueRows(kids)
    expect(sortLeague(rows, 'overdue').map((r) => r.org_id)).toEqual(['b', 'a', 'd', 'c'])
    expect(sortLeague(rows, 'closedShare').map((r) => r.org_id)).toEqual(['b', 'a', 'd', 'c'])
    expect(sortLeague(rows, 'open').map((r) => r.org_id)).toEqual(['d', 'a', 'b', 'c'])
    expect(sortLeague(rows, 'name').map((r) => r.org_id)).toEqual(['a', 'b', 'c', 'd'])
    expect(rows.map((r) => r.org_id)).toEqual(['a', 'b', 'c', 'd']) // not sorted in place
  })

  it('checks that the children add up to the node', () => {
    const parent = figures({ total: 35, open: 11, overdue: 7, red: 4 })
    parent.measures.open_with_plan = 8
    parent.deadlines.due_soon = 4
    expect(childrenAddUp({ figures: parent, children: kids })).toBe(true)
    const wrong = figures({ total: 35, open: 11, overdue: 6, red: 4 })
    wrong.measures.open_with_plan = 8
    wrong.deadlines.due_soon = 4
    expect(childrenAddUp({ figures: wrong, children: kids })).toBe(false)
    expect(childrenAddUp({ figures: wrong, children: [] })).toBe(true)
  })
})

describe('drill-down', () => {
  const prov: Crumb = { id: 'p', name: '山东省', kind: 'province' }
  const city: Crumb = { id: 'c', name: '聊城市', kind: 'city' }
  const county: Crumb = { id: 'k', name: '东阿县', kind: 'county' }
  const school: Crumb = { id: 's', name: '东阿县实验小学', kind: 'school' }

  it('goes down one level and back up to a crumb', () => {
    let trail = [prov]
    trail = drillTo(trail, city)
    trail = drillTo(trail, county)
    trail = drillTo(trail, school)
    expect(trail.map((c) => c.kind)).toEqual(['province', 'city', 'county', 'school'])
    expect(trailParam(trail)).toBe('p,c,k,s')
    expect(drillTo(trail, city).map((c) => c.id)).toEqual(['p', 'c'])
    expect(drillTo(trail, prov)).toEqual([prov])
  })

  it('starts the trail at the viewer scope', () => {
    const path = [prov, city, county, school]
    expect(trailFromPath(path, 'c').map((c) => c.id)).toEqual(['c', 'k', 's'])
    expect(trailFromPath(path, 'p')).toEqual(path)
    expect(trailFromPath(path, 'elsewhere')).toEqual([school])
  })
})
