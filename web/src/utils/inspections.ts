// Pure logic of the inspection runner (检查) and the campaign pages: answers kept on the phone until
// the server has them, progress, what still blocks a submit, check-in position, and the shares
// the campaign overview shows. No I/O except through the Storage passed in; unit-tested.
import type {
  CampaignFigures,
  HazardSource,
  TeamKind,
  InspectionDetail,
  InspectionItem,
  InspectionState,
  ItemAnswer,
  ItemResult,
  Role,
  SelfInspectionCounts,
  Team,
  TeamLevel,
} from '@/api/types'
import { HAZARD_SOURCES, INSPECTION_STATES, ITEM_RESULTS, TEAM_KINDS, TEAM_LEVELS } from '@/api/types'
import type { InspectionQuery } from '@/api/endpoints'

// ---- answers kept on the device ----

/** A photo already uploaded to POST /evidence, as the runner shows it. */
export interface PhotoRef {
  sha256: string
  url?: string
  thumb_url?: string
}

/** An answer typed on the phone and not yet acknowledged by the server. */
export interface DraftItem {
  result: ItemResult | null
  note: string
  photos: PhotoRef[]
  /** The item's record version the answer was made against (0: never recorded). */
  base_version: number
}

export interface InspectionDraft {
  items: Record<string, DraftItem>
  feedback: string | null
  signer: { inspector: string; school: string }
  /** The item shown last (a code), so a reload comes back to it. */
  cursor: string | null
}

export function emptyDraft(): InspectionDraft {
  return { items: {}, feedback: null, signer: { inspector: '', school: '' }, cursor: null }
}

/** localStorage key of a user's draft of one inspection (two users on one phone do not mix). */
export function draftKey(userId: string, inspectionId: string): string {
  return `anxiao.inspection.${userId}.${inspectionId}`
}

type KV = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Reads a draft; anything unreadable or malformed counts as no draft (never throws). */
export function loadDraft(store: KV | null | undefined, key: string): InspectionDraft {
  const d = emptyDraft()
  if (!store) return d
  let raw: unknown
  try {
    const text = store.getItem(key)
    if (!text) return d
    raw = JSON.parse(text)
  } catch {
    return d
  }
  if (!isObj(raw)) return d
  if (isObj(raw.items)) {
    for (const [code, v] of Object.entries(raw.items)) {
      if (!isObj(v)) continue
      const result = ITEM_RESULTS.includes(v.result as ItemResult) ? (v.result as ItemResult) : null
      const note = typeof v.note === 'string' ? v.note : ''
      const photos = Array.isArray(v.photos)
        ? (v.photos as unknown[]).filter((p): p is PhotoRef => isObj(p) && typeof p.sha256 === 'string')
        : []
      const base = typeof v.base_version === 'number' && v.base_version >= 0 ? v.base_version : 0
      d.items[code] = { result, note, photos, base_version: base }
    }
  }
  if (typeof raw.feedback === 'string') d.feedback = raw.feedback
  if (isObj(raw.signer)) {
    d.signer.inspector = typeof raw.signer.inspector === 'string' ? raw.signer.inspector : ''
    d.signer.school = typeof raw.signer.school === 'string' ? raw.signer.school : ''
  }
  if (typeof raw.cursor === 'string') d.cursor = raw.cursor
  return d
}

/** Writes a draft, or removes it when nothing is left in it. Storage errors (quota) are ignored. */
export function saveDraft(store: KV | null | undefined, key: string, d: InspectionDraft): void {
  if (!store) return
  try {
    if (isDraftEmpty(d)) store.removeItem(key)
    else store.setItem(key, JSON.stringify(d))
  } catch {
    /* a full or disabled storage: the answers stay in memory */
  }
}

export function isDraftEmpty(d: InspectionDraft): boolean {
  return Object.keys(d.items).length === 0 && d.feedback === null && !d.signer.inspector && !d.signer.school && !d.cursor
}

/** Does the draft differ from what the server holds for the item? */
export function draftDiffers(draft: DraftItem | undefined, item: InspectionItem): boolean {
  if (!draft) return false
  const r = item.record
  if (!r || r.version === 0 || r.result === null) return draft.result !== null || draft.note.trim() !== '' || draft.photos.length > 0
  return (
    draft.result !== r.result ||
    draft.note.trim() !== (r.note ?? '').trim() ||
    draft.photos.map((p) => p.sha256).join(',') !== (r.photos ?? []).join(',')
  )
}

/**
 * Drops the draft entries the server already holds (same answer) and those made against an
 * older record version than the one stored now (someone else answered since: theirs stands).
 * Returns the codes dropped for the second reason.
 */
export function reconcileDraft(d: InspectionDraft, items: InspectionItem[]): string[] {
  const stale: string[] = []
  const byCode = new Map(items.map((i) => [i.code, i]))
  for (const [code, di] of Object.entries(d.items)) {
    const item = byCode.get(code)
    if (!item) {
      delete d.items[code]
      continue
    }
    const have = item.record?.version ?? 0
    if (!draftDiffers(di, item)) delete d.items[code]
    else if (have > di.base_version) {
      stale.push(code)
      delete d.items[code]
    }
  }
  if (d.cursor && !byCode.has(d.cursor)) d.cursor = null
  return stale
}

// ---- the runner's view of the items ----

export type ItemStatus = 'unanswered' | 'saved' | 'unsaved'

export interface RunnerItem {
  index: number
  item: InspectionItem
  /** The answer to show: the unsaved draft if there is one, else the stored record. */
  result: ItemResult | null
  note: string
  photos: PhotoRef[]
  status: ItemStatus
}

export function runnerItems(items: InspectionItem[], d: InspectionDraft): RunnerItem[] {
  return items.map((item, index) => {
    const di = d.items[item.code]
    if (di && draftDiffers(di, item))
      return { index, item, result: di.result, note: di.note, photos: di.photos, status: 'unsaved' as const }
    const r = item.record
    const answered = !!r && r.version > 0 && r.result !== null
    return {
      index,
      item,
      result: answered ? r!.result : null,
      note: r?.note ?? '',
      photos: (r?.photos ?? []).map((sha256) => ({ sha256 })),
      status: answered ? ('saved' as const) : ('unanswered' as const),
    }
  })
}

export interface Progress {
  total: number
  saved: number
  unsaved: number
  failed: number
  /** 0–100, counting saved answers only (what the server will accept at submit). */
  percent: number
}

export function progressOf(list: RunnerItem[]): Progress {
  const total = list.length
  const saved = list.filter((r) => r.status === 'saved').length
  const unsaved = list.filter((r) => r.status === 'unsaved').length
  const failed = list.filter((r) => r.result === 'fail').length
  return { total, saved, unsaved, failed, percent: total === 0 ? 100 : Math.floor((saved * 100) / total) }
}

/** Where the runner opens: the remembered item, else the first one without a saved answer, else the last step. */
export function startIndex(list: RunnerItem[], cursor: string | null): number {
  if (cursor) {
    const i = list.findIndex((r) => r.item.code === cursor)
    if (i >= 0) return i
  }
  const open = list.findIndex((r) => r.status !== 'saved')
  return open >= 0 ? open : list.length
}

/** Why an answer cannot be sent yet (the server's own rules: fail_note_required, photo_required), or ''. */
export function answerProblem(item: InspectionItem, result: ItemResult | null, note: string, photos: PhotoRef[]): '' | 'result' | 'note' | 'photo' | 'noteTooLong' {
  if (!result) return 'result'
  if ([...note].length > 500) return 'noteTooLong'
  if (result === 'fail') {
    if (!note.trim()) return 'note'
    if (item.photo_required && photos.length === 0) return 'photo'
  }
  return ''
}

/** The unsaved answers that can go to POST /inspections/{id}/items in one batch. */
export function pendingAnswers(list: RunnerItem[]): ItemAnswer[] {
  const out: ItemAnswer[] = []
  for (const r of list) {
    if (r.status !== 'unsaved' || !r.result) continue
    if (answerProblem(r.item, r.result, r.note, r.photos)) continue
    const a: ItemAnswer = { code: r.item.code, result: r.result, note: r.note.trim(), photos: r.photos.map((p) => p.sha256) }
    const v = r.item.record?.version ?? 0
    if (v > 0) a.item_version = v
    out.push(a)
  }
  return out
}

// ---- submit ----

export type SubmitBlocker = 'unanswered' | 'unsaved' | 'inspectorSignature' | 'schoolSignature' | 'signature'

/** What still keeps the inspection from being submitted (domain CheckCanSubmit, plus unsaved answers). */
export function submitBlockers(d: Pick<InspectionDetail, 'self_inspection' | 'signatures'>, progress: Progress): SubmitBlocker[] {
  const out: SubmitBlocker[] = []
  if (progress.unsaved > 0) out.push('unsaved')
  if (progress.saved < progress.total) out.push('unanswered')
  const roles = new Set((d.signatures ?? []).map((s) => s.role))
  if (d.self_inspection) {
    if (roles.size === 0) out.push('signature')
  } else {
    if (!roles.has('inspector')) out.push('inspectorSignature')
    if (!roles.has('school')) out.push('schoolSignature')
  }
  return out
}

/**
 * May this user fill in the inspection at all (domain AuthoriseInspection, as far as the page can
 * tell)? The server has the last word (403 not_inspector).
 */
export function mayRun(d: Pick<InspectionDetail, 'self_inspection' | 'inspectors'>, user: { id: string; role: Role } | null): boolean {
  if (!user) return false
  const school = user.role === 'school_officer' || user.role === 'principal'
  if (d.self_inspection) return school
  if (school || user.role === 'auditor') return false
  return d.inspectors.includes(user.id) || user.role === 'bureau_officer' || user.role === 'admin'
}

// ---- check-in position ----

/** Decimal-degree strings for POST check-in, or null when the fix is unusable. */
export function positionOf(c: { latitude: number; longitude: number } | null | undefined): { latitude: string; longitude: string } | null {
  if (!c) return null
  const { latitude, longitude } = c
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return null
  if (latitude < -90 || latitude > 90 || longitude < -180 || longitude > 180) return null
  return { latitude: latitude.toFixed(6), longitude: longitude.toFixed(6) }
}

// ---- campaign figures ----

/** part / whole as a whole percentage, or null when the whole is 0. */
export function percent(part: number, whole: number): number | null {
  if (!whole) return null
  return Math.round((part * 1000) / whole) / 10
}

export interface KindCount {
  kind: string
  count: number
}

/** A count map in the order of `order` (known keys first, unknown ones after), zero entries left out. */
export function orderedCounts(m: Record<string, number> | undefined, order: readonly string[]): KindCount[] {
  const out: KindCount[] = []
  const map = m ?? {}
  for (const k of order) if (map[k]) out.push({ kind: k, count: map[k] })
  for (const [k, v] of Object.entries(map)) if (!order.includes(k) && v) out.push({ kind: k, count: v })
  return out
}

export function teamsByLevel(f: CampaignFigures): { level: TeamLevel; count: number }[] {
  return TEAM_LEVELS.map((level) => ({ level, count: f.teams[level] ?? 0 }))
}

export function teamsByKind(f: CampaignFigures): KindCount[] {
  return orderedCounts(f.teams.by_kind, TEAM_KINDS)
}

/** Open hazards of the campaign (found minus closed; voided ones are in neither). */
export function openHazards(f: CampaignFigures): number {
  return Math.max(0, f.hazards.found - f.hazards.closed)
}

/** The hazard source a team's inspections carry (app SourceOf): city-direct teams are city supervision. */
export const SOURCE_OF_KIND: Record<TeamKind, HazardSource> = {
  city_supervision: 'city_supervision',
  city_direct: 'city_supervision',
  county_census: 'county_census',
  cross_inspection: 'cross_inspection',
  resident: 'resident',
  thematic: 'thematic',
  provincial: 'province',
}

export interface ModeRow {
  source: HazardSource
  teams: number
  schools_assigned: number
  schools_inspected: number
  hazards_found: number
  hazards_closed: number
}

/**
 * The campaign's figures per mode of inspection, one row per hazard source (the self-inspection is
 * `self`, the findings of the province `province`): teams and the schools on their lists by the
 * source their kind gives, schools inspected and hazards by the inspections' source. Rows with
 * nothing in them are left out.
 */
export function modeRows(f: CampaignFigures): ModeRow[] {
  const rows = new Map<HazardSource, ModeRow>()
  const row = (s: HazardSource) => {
    let r = rows.get(s)
    if (!r) {
      r = { source: s, teams: 0, schools_assigned: 0, schools_inspected: 0, hazards_found: 0, hazards_closed: 0 }
      rows.set(s, r)
    }
    return r
  }
  for (const [k, n] of Object.entries(f.teams.by_kind ?? {})) {
    const s = SOURCE_OF_KIND[k as TeamKind]
    if (s) row(s).teams += n
  }
  for (const [k, n] of Object.entries(f.schools.assigned_by_kind ?? {})) {
    const s = SOURCE_OF_KIND[k as TeamKind]
    if (s) row(s).schools_assigned += n
  }
  for (const [s, n] of Object.entries(f.schools.inspected_by_source ?? {})) row(s as HazardSource).schools_inspected += n
  for (const [s, n] of Object.entries(f.hazards.found_by_source ?? {})) row(s as HazardSource).hazards_found += n
  for (const [s, n] of Object.entries(f.hazards.closed_by_source ?? {})) row(s as HazardSource).hazards_closed += n
  const order = (s: HazardSource) => {
    const i = HAZARD_SOURCES.indexOf(s)
    return i < 0 ? HAZARD_SOURCES.length : i
  }
  return [...rows.values()]
    .filter((r) => r.teams + r.schools_assigned + r.schools_inspected + r.hazards_found + r.hazards_closed > 0)
    .sort((a, b) => order(a.source) - order(b.source))
}

/**
 * The i18n key naming a row of modeRows in the campaign's own words (PRODUCT.md §1: 市级督导,
 * 县级互查, 驻点监管, 省级督导 …); sources that are no campaign mode keep their hazard-source name.
 */
export function modeLabelKey(source: HazardSource): string {
  const mode: Partial<Record<HazardSource, string>> = {
    county_census: 'county_census',
    city_supervision: 'city_supervision',
    cross_inspection: 'cross_inspection',
    resident: 'resident',
    thematic: 'thematic',
    province: 'provincial',
    other_department: 'other_department',
  }
  return mode[source] ? 'campaignMode.' + mode[source] : 'hazardSource.' + source
}

// ---- self-inspection ----

/** Schools that have not submitted yet. */
export function laggards(c: SelfInspectionCounts): number {
  return Math.max(0, c.assigned - c.submitted)
}

/** Counties with the lowest completion first (then most overdue, then name), for the progress table. */
export function byCompletion<T extends SelfInspectionCounts & { name: string }>(rows: T[]): T[] {
  const rate = (r: T) => (r.assigned ? r.submitted / r.assigned : 1)
  return [...rows].sort((a, b) => rate(a) - rate(b) || b.overdue - a.overdue || a.name.localeCompare(b.name))
}

// ---- teams ----

/** The people of a team by role, with names from the team's `people` map. */
export function teamPeople(t: Team): { members: { id: string; name: string; organization: string }[]; experts: { id: string; name: string; organization: string }[] } {
  const p = t.people ?? {}
  const one = (id: string) => ({ id, name: p[id]?.display_name || id, organization: p[id]?.organization || '' })
  return { members: t.members.map(one), experts: t.experts.map(one) }
}

/** Is the user on the team (a member or one of its experts)? */
export function onTeam(t: Pick<Team, 'members' | 'experts'>, userId: string | undefined): boolean {
  return !!userId && (t.members.includes(userId) || t.experts.includes(userId))
}

// ---- inspection list filters ----

export interface InspectionFilters {
  campaign_id: string
  state: string
  /** '' | 'visit' | 'self' */
  kind: string
  /** Only the caller's own inspections (on the plan or on its team), or all it may see. */
  scope: 'mine' | 'all'
  page: number
}

/** Inspectors and experts start on their own inspections; everyone else on all in scope. */
export function defaultInspectionScope(role: Role | null): 'mine' | 'all' {
  return role === 'inspector' || role === 'expert' ? 'mine' : 'all'
}

function qs(v: unknown): string {
  if (Array.isArray(v)) return qs(v[0])
  return typeof v === 'string' ? v : ''
}

/** Filters from the page URL; unknown values are dropped rather than sent to the server. */
export function inspectionFiltersFromRoute(q: Record<string, unknown>, defaultScope: 'mine' | 'all' = 'all'): InspectionFilters {
  const state = qs(q.state)
  const kind = qs(q.kind)
  const scope = qs(q.scope)
  const page = Number(qs(q.page))
  return {
    campaign_id: qs(q.campaign_id).slice(0, 64),
    state: (INSPECTION_STATES as readonly string[]).includes(state) ? state : '',
    kind: kind === 'visit' || kind === 'self' ? kind : '',
    scope: scope === 'mine' || scope === 'all' ? scope : defaultScope,
    page: Number.isInteger(page) && page > 0 ? page : 1,
  }
}

export function inspectionFiltersToRoute(f: InspectionFilters, defaultScope: 'mine' | 'all' = 'all'): Record<string, string> {
  const out: Record<string, string> = {}
  if (f.campaign_id) out.campaign_id = f.campaign_id
  if (f.state) out.state = f.state
  if (f.kind) out.kind = f.kind
  if (f.scope !== defaultScope) out.scope = f.scope
  if (f.page > 1) out.page = String(f.page)
  return out
}

/** GET /inspections parameters of the list's filters. */
export function inspectionQueryOf(f: InspectionFilters, pageSize = 20): InspectionQuery {
  const q: InspectionQuery = { page: f.page, page_size: pageSize }
  if (f.campaign_id) q.campaign_id = f.campaign_id
  if (f.state) q.state = f.state as InspectionState
  if (f.kind) q.self_inspection = f.kind === 'self' ? 'true' : 'false'
  if (f.scope === 'mine') q.mine = '1'
  return q
}
