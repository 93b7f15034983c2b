// Pure logic of the hazard pages: who may do what now (the rules of src/domain/hazard.cpp), the
// list filters as URL and API query, and the timeline in human words. No I/O, unit-tested.
import type {
  Hazard,
  HazardAction,
  HazardDetail,
  HazardExtension,
  HazardSort,
  HazardState,
  JournalEntry,
  Org,
  Role,
} from '@/api/types'
import { HAZARD_ACTIONS, HAZARD_CATEGORIES, HAZARD_SORTS, HAZARD_SOURCES, HAZARD_STATES, RISK_LEVELS } from '@/api/types'

type T = (key: string, named?: Record<string, unknown>) => string

/** A hazard is "due soon" when it is with the school and its deadline is this many China days away or less. */
export const DUE_SOON_DAYS = 3

const SCHOOL_ROLES: readonly Role[] = ['school_officer', 'principal']
const SUPERVISOR_ROLES: readonly Role[] = ['bureau_officer', 'inspector', 'expert']
const SCHOOL_SIDE_ACTIONS: readonly HazardAction[] = ['plan', 'start', 'progress', 'submit', 'request_extension']

/** The state a legal action leads to, or null when the action is illegal in `from` (domain Transition). */
export function nextState(from: HazardState, action: HazardAction): HazardState | null {
  const open = from !== 'closed' && from !== 'voided'
  const withSchool = from === 'registered' || from === 'planned' || from === 'rectifying'
  switch (action) {
    case 'plan':
      return from === 'registered' ? 'planned' : null
    case 'start':
      return from === 'planned' ? 'rectifying' : null
    case 'progress':
      return from === 'rectifying' ? 'rectifying' : null
    case 'submit':
      return from === 'rectifying' ? 'awaiting_review' : null
    case 'close':
      return from === 'awaiting_review' ? 'closed' : null
    case 'reject':
      return from === 'awaiting_review' ? 'rectifying' : null
    case 'void':
      return open ? 'voided' : null
    case 'request_extension':
      return withSchool ? from : null
    case 'decide_extension':
      return open ? from : null
  }
}

const RECTIFYING_KINDS = new Set(['hazard.planned', 'hazard.started', 'hazard.progressed', 'hazard.submitted'])

/** Everyone who planned, started, reported progress on or submitted the hazard (they may not review it). */
export function rectifiers(h: Pick<HazardDetail, 'history' | 'planned_by' | 'started_by' | 'last_progress_by' | 'submitted_by'>): Set<string> {
  const out = new Set<string>()
  for (const e of h.history ?? []) if (RECTIFYING_KINDS.has(e.kind) && e.actor) out.add(e.actor)
  for (const id of [h.planned_by, h.started_by, h.last_progress_by, h.submitted_by]) if (id) out.add(id)
  return out
}

export function pendingExtension(extensions: HazardExtension[] | undefined): HazardExtension | undefined {
  return (extensions ?? []).find((e) => e.state === 'pending')
}

/**
 * Does the user's scope contain the org `orgId`, given that both lie on the chain from the root to
 * the hazard's school (the hazard is readable, so the scope contains the school; the supervising
 * org is one of the school's ancestors)? Then the scope contains it unless it lies strictly above
 * the scope, i.e. on the scope's own path.
 */
export function scopeContainsAncestor(scope: Pick<Org, 'id' | 'path'> | null | undefined, orgId: string): boolean {
  if (!scope) return false
  if (scope.id === orgId) return true
  return !(scope.path ?? []).some((p) => p.id === orgId)
}

export interface Viewer {
  id: string
  role: Role
  scope: Pick<Org, 'id' | 'path'> | null
}

/**
 * The actions `viewer` may take on `h` now, in the order of HAZARD_ACTIONS: the same rules as
 * domain::AllowedActions (role, scope, separation of duties, state, pending extension).
 */
export function allowedActions(h: HazardDetail, viewer: Viewer | null | undefined): HazardAction[] {
  if (!viewer) return []
  const isSchool = SCHOOL_ROLES.includes(viewer.role)
  const schoolSide = isSchool || viewer.role === 'bureau_officer'
  const supervisor =
    !isSchool &&
    SUPERVISOR_ROLES.includes(viewer.role) &&
    scopeContainsAncestor(viewer.scope, h.supervising_org_id) &&
    !rectifiers(h).has(viewer.id)
  const pending = pendingExtension(h.extensions)
  const out: HazardAction[] = []
  for (const a of HAZARD_ACTIONS) {
    const authorised = SCHOOL_SIDE_ACTIONS.includes(a) ? schoolSide : supervisor
    if (!authorised || nextState(h.state, a) === null) continue
    if (a === 'request_extension' && pending) continue
    if (a === 'decide_extension' && (!pending || pending.requested_by === viewer.id)) continue
    out.push(a)
  }
  return out
}

/** The actions to offer: the server's list when it sent one (it has the last word), else ours. */
export function offeredActions(h: HazardDetail, viewer: Viewer | null | undefined): HazardAction[] {
  return Array.isArray(h.actions) ? HAZARD_ACTIONS.filter((a) => h.actions.includes(a)) : allowedActions(h, viewer)
}

// ---- list filters ----

export interface HazardFilters {
  q: string
  org: string
  state: string
  risk_level: string
  category: string
  source: string
  /** '' | 'overdue' | 'due_soon' */
  deadline: string
  sort: HazardSort
  page: number
  page_size: number
}

export const PAGE_SIZES = [20, 50, 100]
export const DEFAULT_SORT: HazardSort = 'deadline'

export function emptyFilters(): HazardFilters {
  return { q: '', org: '', state: '', risk_level: '', category: '', source: '', deadline: '', sort: DEFAULT_SORT, page: 1, page_size: 20 }
}

function str(v: unknown): string {
  if (Array.isArray(v)) return str(v[0])
  return typeof v === 'string' ? v : ''
}
function oneOf(v: string, allowed: readonly string[]): string {
  return allowed.includes(v) ? v : ''
}

/** Filters from the page URL; unknown values are dropped rather than sent to the server. */
export function filtersFromRoute(q: Record<string, unknown>): HazardFilters {
  const page = Number(str(q.page)) || 1
  const size = Number(str(q.page_size)) || 20
  const sort = oneOf(str(q.sort), HAZARD_SORTS)
  return {
    q: str(q.q),
    org: str(q.org),
    state: oneOf(str(q.state), HAZARD_STATES),
    risk_level: oneOf(str(q.risk_level), RISK_LEVELS),
    category: oneOf(str(q.category), HAZARD_CATEGORIES),
    source: oneOf(str(q.source), HAZARD_SOURCES),
    deadline: oneOf(str(q.deadline), ['overdue', 'due_soon']),
    sort: (sort || DEFAULT_SORT) as HazardSort,
    page: Number.isInteger(page) && page > 0 ? page : 1,
    page_size: PAGE_SIZES.includes(size) ? size : 20,
  }
}

/** Filters as the page URL (defaults left out, so a plain list has a plain URL). */
export function filtersToRoute(f: HazardFilters): Record<string, string> {
  const out: Record<string, string> = {}
  const d = emptyFilters()
  for (const k of Object.keys(d) as (keyof HazardFilters)[]) {
    const v = f[k]
    if (v === '' || v === d[k]) continue
    out[k] = String(v)
  }
  return out
}

/** Filters as the GET /hazards query (docs/api.md): overdue=true or due_within_days=N. */
export function filtersToApiQuery(f: HazardFilters): Record<string, string | number> {
  const out: Record<string, string | number> = {}
  const q = f.q.trim()
  if (q) out.q = q
  for (const k of ['org', 'state', 'risk_level', 'category', 'source'] as const) if (f[k]) out[k] = f[k]
  if (f.deadline === 'overdue') out.overdue = 'true'
  else if (f.deadline === 'due_soon') out.due_within_days = DUE_SOON_DAYS
  if (f.sort !== DEFAULT_SORT) out.sort = f.sort
  out.page = f.page
  out.page_size = f.page_size
  return out
}

// ---- deadline badge ----

export type DeadlineBadge = 'overdue' | 'due_soon' | ''

export function deadlineBadge(h: Pick<Hazard, 'state' | 'overdue' | 'days_left'>): DeadlineBadge {
  if (h.overdue) return 'overdue'
  const withSchool = h.state === 'registered' || h.state === 'planned' || h.state === 'rectifying'
  return withSchool && h.days_left <= DUE_SOON_DAYS ? 'due_soon' : ''
}

/** Element Plus tag type of a state. */
export function stateTagType(s: HazardState): 'info' | 'primary' | 'warning' | 'success' | 'danger' {
  switch (s) {
    case 'registered':
      return 'danger'
    case 'planned':
    case 'rectifying':
      return 'primary'
    case 'awaiting_review':
      return 'warning'
    case 'closed':
      return 'success'
    case 'voided':
      return 'info'
  }
}

// ---- time in China ----

/** A timestamp shown in China Standard Time, whatever the browser's zone (deadlines are China days). */
export function formatChinaTime(at: string | null | undefined, locale: string): string {
  if (!at) return ''
  const d = new Date(at)
  if (Number.isNaN(d.getTime())) return at
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(d)
}

/** Today's date in China (YYYY-MM-DD): the default found date of a new hazard. */
export function chinaToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
}

// ---- timeline ----

export interface TimelineItem {
  seq: number
  at: string
  actor: string
  title: string
  details: string[]
  /** el-timeline-item type */
  tone: 'primary' | 'success' | 'warning' | 'danger' | 'info'
  photos: number
}

function pstr(p: Record<string, unknown> | null, k: string): string {
  const v = p?.[k]
  return typeof v === 'string' ? v : ''
}
function pcount(p: Record<string, unknown> | null, k: string): number {
  const v = p?.[k]
  return Array.isArray(v) ? v.length : 0
}

/** One journal entry of a hazard's history in human words (the caller's language). */
export function describeEntry(e: JournalEntry, people: Record<string, string>, t: T): TimelineItem {
  const p = e.payload
  const actor = e.actor === 'system' ? t('hazard.timeline.system') : people[e.actor] || e.actor
  const item: TimelineItem = { seq: e.seq, at: e.at, actor, title: '', details: [], tone: 'primary', photos: 0 }
  const reason = pstr(p, 'reason')
  const note = pstr(p, 'note')
  switch (e.kind) {
    case 'hazard.registered': {
      const risk = pstr(p, 'risk_level')
      item.title = t('hazard.timeline.registered', { risk: RISK_LEVELS.includes(risk as never) ? t('risk.' + risk) : risk })
      if (pstr(p, 'description')) item.details.push(pstr(p, 'description'))
      if (pstr(p, 'deadline')) item.details.push(t('hazard.timeline.deadline', { date: pstr(p, 'deadline') }))
      item.photos = pcount(p, 'evidence')
      item.tone = 'danger'
      break
    }
    case 'hazard.planned':
      item.title = t('hazard.timeline.planned', { date: pstr(p, 'deadline') })
      if (pstr(p, 'measures')) item.details.push(t('hazard.timeline.measures', { text: pstr(p, 'measures') }))
      if (pstr(p, 'responsible_person')) item.details.push(t('hazard.timeline.responsible', { name: pstr(p, 'responsible_person') }))
      if (p?.closed_for_use === true) item.details.push(t('hazard.closedForUse'))
      break
    case 'hazard.started':
      item.title = t('hazard.timeline.started')
      break
    case 'hazard.progressed':
      item.title = t('hazard.timeline.progressed')
      if (note) item.details.push(note)
      item.photos = pcount(p, 'evidence')
      break
    case 'hazard.submitted':
      item.title = t('hazard.timeline.submitted', { n: pcount(p, 'evidence') })
      if (note) item.details.push(note)
      item.photos = pcount(p, 'evidence')
      item.tone = 'warning'
      break
    case 'hazard.reviewed':
      if (pstr(p, 'decision') === 'close') {
        item.title = t('hazard.timeline.closed')
        item.tone = 'success'
      } else {
        item.title = t('hazard.timeline.rejected')
        item.tone = 'danger'
      }
      if (reason) item.details.push(t('hazard.timeline.reason', { text: reason }))
      break
    case 'hazard.voided':
      item.title = t('hazard.timeline.voided')
      item.tone = 'info'
      if (reason) item.details.push(t('hazard.timeline.reason', { text: reason }))
      break
    case 'hazard.extension_requested':
      item.title = t('hazard.timeline.extensionRequested', { date: pstr(p, 'new_deadline') })
      if (reason) item.details.push(t('hazard.timeline.reason', { text: reason }))
      item.tone = 'warning'
      break
    case 'hazard.extension_decided':
      if (pstr(p, 'decision') === 'approve') {
        item.title = t('hazard.timeline.extensionApproved')
        item.tone = 'success'
      } else {
        item.title = t('hazard.timeline.extensionDenied')
        item.tone = 'danger'
      }
      if (reason) item.details.push(t('hazard.timeline.reason', { text: reason }))
      break
    case 'notice.sent':
      item.title =
        pstr(p, 'kind') === 'red_hazard_supervision' ? t('hazard.timeline.redNotice') : t('hazard.timeline.notice')
      item.tone = 'danger'
      break
    default:
      item.title = t('hazard.timeline.other', { kind: e.kind })
      item.tone = 'info'
  }
  return item
}

/** The whole history, newest first. */
export function timeline(h: Pick<HazardDetail, 'history' | 'people'>, t: T): TimelineItem[] {
  return [...(h.history ?? [])].sort((a, b) => b.seq - a.seq).map((e) => describeEntry(e, h.people ?? {}, t))
}
