// Pure logic of the dashboard (五个心中有数): chart data from the five-knowns API, the league table,
// the drill-down trail and the sum rule. No I/O, unit-tested; the view only renders these.
import type { FiveKnowns, FiveKnownsFigures, FiveKnownsNode, HazardCategory, OrgKind, RiskLevel, TrendPoint } from '@/api/types'
import { HAZARD_CATEGORIES, RISK_LEVELS } from '@/api/types'

type T = (key: string, named?: Record<string, unknown>) => string

/** The bureau colours of the four risk levels (红橙黄蓝), as RiskTag and the ledger. */
export const RISK_COLORS: Record<RiskLevel, string> = {
  red: '#c8372d',
  orange: '#e6772e',
  yellow: '#e0b21b',
  blue: '#2f6fb7',
}

export interface Slice {
  key: RiskLevel
  name: string
  value: number
  itemStyle: { color: string }
}

/** Donut slices of the risk levels, major first; `open` counts only hazards not yet closed. */
export function riskSlices(f: FiveKnownsFigures, t: T, open = false): Slice[] {
  const m = open ? f.risk.open : f.risk.all
  return RISK_LEVELS.map((r) => ({ key: r, name: t('risk.' + r), value: m[r] ?? 0, itemStyle: { color: RISK_COLORS[r] } }))
}

export interface Bar {
  key: HazardCategory
  name: string
  value: number
}

/** Categories with at least one hazard, largest first (ties in the catalogue's order). */
export function categoryBars(f: FiveKnownsFigures, t: T): Bar[] {
  return HAZARD_CATEGORIES.map((c, i) => ({ c, i, n: f.counts.by_category[c] ?? 0 }))
    .filter((x) => x.n > 0)
    .sort((a, b) => b.n - a.n || a.i - b.i)
    .map((x) => ({ key: x.c, name: t('hazardCategory.' + x.c), value: x.n }))
}

export interface TrendSeries {
  dates: string[]
  found: number[]
  closed: number[]
  foundTotal: number
  closedTotal: number
}

/** The found-vs-closed lines; dates as MM-DD for the axis. */
export function trendSeries(trend: TrendPoint[]): TrendSeries {
  return {
    dates: trend.map((p) => p.date.slice(5)),
    found: trend.map((p) => p.found),
    closed: trend.map((p) => p.closed),
    foundTotal: trend.reduce((s, p) => s + p.found, 0),
    closedTotal: trend.reduce((s, p) => s + p.closed, 0),
  }
}

/** A share (0..1, or null for "no share of nothing") as a percentage with one decimal. */
export function percent(share: number | null | undefined): string {
  if (share === null || share === undefined || Number.isNaN(share)) return '—'
  return (Math.round(share * 1000) / 10).toFixed(1) + '%'
}

export interface LeagueRow {
  org_id: string
  name: string
  kind: OrgKind
  total: number
  open: number
  closed: number
  closedShare: number | null
  overdue: number
  dueSoon: number
  redOpen: number
  medianDays: number | null
}

export function leagueRows(children: FiveKnownsNode[]): LeagueRow[] {
  return children.map((c) => {
    const f = c.figures
    return {
      org_id: c.org_id,
      name: c.name,
      kind: c.kind,
      total: f.counts.total,
      open: f.counts.open,
      closed: f.counts.closed,
      closedShare: f.progress.closed_share,
      overdue: f.deadlines.overdue,
      dueSoon: f.deadlines.due_soon,
      redOpen: f.measures.red_open,
      medianDays: f.progress.median_days_to_close,
    }
  })
}

export type LeagueKey = 'name' | 'total' | 'open' | 'closedShare' | 'overdue' | 'redOpen'

/**
 * The league table sorted by one column: numbers descending (nulls last), names ascending by
 * pinyin-insensitive locale order; ties keep the org tree's order.
 */
export function sortLeague(rows: LeagueRow[], key: LeagueKey, locale = 'zh-CN'): LeagueRow[] {
  const indexed = rows.map((r, i) => ({ r, i }))
  indexed.sort((a, b) => {
    if (key === 'name') return a.r.name.localeCompare(b.r.name, locale) || a.i - b.i
    const x = a.r[key]
    const y = b.r[key]
    if (x === null && y === null) return a.i - b.i
    if (x === null) return 1
    if (y === null) return -1
    return (y as number) - (x as number) || a.i - b.i
  })
  return indexed.map((x) => x.r)
}

/** A crumb of the drill-down trail: province → city → county → school. */
export interface Crumb {
  id: string
  name: string
  kind: OrgKind
}

/** The trail after opening `node`: back to it when it is already on the trail, else one level down. */
export function drillTo(trail: Crumb[], node: Crumb): Crumb[] {
  const at = trail.findIndex((c) => c.id === node.id)
  if (at >= 0) return trail.slice(0, at + 1)
  return [...trail, node]
}

/** The trail as a query string value ("id1,id2,…") and back, so that a drill-down survives a reload. */
export function trailParam(trail: Crumb[]): string {
  return trail.map((c) => c.id).join(',')
}

/** Additive figures, as the API test's sum rule: the league table must add up to the node. */
const ADDITIVE: ((f: FiveKnownsFigures) => number)[] = [
  (f) => f.counts.total,
  (f) => f.counts.open,
  (f) => f.counts.closed,
  (f) => f.counts.voided,
  (f) => f.deadlines.overdue,
  (f) => f.deadlines.due_soon,
  (f) => f.measures.red_open,
  (f) => f.measures.open_with_plan,
]

/** True when the children add up to the node (always, unless the data is inconsistent). */
export function childrenAddUp(fk: Pick<FiveKnowns, 'figures' | 'children'>): boolean {
  if (fk.children.length === 0) return true
  return ADDITIVE.every((get) => fk.children.reduce((s, c) => s + get(c.figures), 0) === get(fk.figures))
}

export interface Kpi {
  key: string
  value: string
  /** Emphasis: danger for overdue or open major hazards */
  tone: '' | 'danger' | 'warning' | 'success'
}

/** The headline numbers of the five knowns: how many, risk, measures, deadlines, progress. */
export function kpis(f: FiveKnownsFigures, fmt: (n: number) => string): Kpi[] {
  return [
    { key: 'total', value: fmt(f.counts.total), tone: '' },
    { key: 'open', value: fmt(f.counts.open), tone: f.counts.open > 0 ? 'warning' : '' },
    { key: 'closed', value: fmt(f.counts.closed), tone: 'success' },
    { key: 'closedShare', value: percent(f.progress.closed_share), tone: '' },
    { key: 'redOpen', value: fmt(f.measures.red_open), tone: f.measures.red_open > 0 ? 'danger' : '' },
    { key: 'overdue', value: fmt(f.deadlines.overdue), tone: f.deadlines.overdue > 0 ? 'danger' : '' },
    { key: 'dueSoon', value: fmt(f.deadlines.due_soon), tone: f.deadlines.due_soon > 0 ? 'warning' : '' },
    { key: 'planShare', value: percent(f.measures.plan_share), tone: '' },
    {
      key: 'medianDays',
      value: f.progress.median_days_to_close === null ? '—' : String(f.progress.median_days_to_close),
      tone: '',
    },
  ]
}

/** The trail of an org from its path (root → org), starting at the viewer's scope org. */
export function trailFromPath(path: Crumb[], scopeId: string): Crumb[] {
  const at = path.findIndex((c) => c.id === scopeId)
  return at >= 0 ? path.slice(at) : path.slice(-1)
}
