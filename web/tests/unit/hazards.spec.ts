import { describe, expect, it } from 'vitest'
import type { HazardDetail, HazardState, JournalEntry, Org, OrgKind } from '@/api/types'
import { HAZARD_STATES } from '@/api/types'
import { i18n } from '@/i18n'
import {
  allowedActions,
  deadlineBadge,
  describeEntry,
  filtersFromRoute,
  filtersToApiQuery,
  filtersToRoute,
  emptyFilters,
  formatChinaTime,
  chinaToday,
  nextState,
  offeredActions,
  rectifiers,
  scopeContainsAncestor,
  timeline,
  type Viewer,
} from '@/utils/hazards'

// The demo tree: 聊城市 (city) > 东阿县 (county) > a school.
type Scope = Pick<Org, 'id' | 'path'>
const node = (id: string, kind: OrgKind) => ({ id, name: id, kind })
const CITY: Scope = { id: 'org_city', path: [node('org_prov', 'province'), node('org_city', 'city')] }
const COUNTY: Scope = { id: 'org_county', path: [...CITY.path, node('org_county', 'county')] }
const SCHOOL: Scope = { id: 'sch_1', path: [...COUNTY.path, node('sch_1', 'school')] }

function hazard(state: HazardState, over: Partial<HazardDetail> = {}): HazardDetail {
  return {
    id: 'hz_1',
    number: '371524-2026-000001',
    school_id: 'sch_1',
    school_name: 'S',
    county_id: 'org_county',
    supervising_org_id: 'org_county',
    source: 'self',
    category: 'fire',
    description: 'd',
    location: '',
    risk_level: 'yellow',
    state,
    found_at: '2026-03-01',
    found_by: 'usr_school',
    registered_at: '2026-03-01T02:00:00Z',
    deadline: '2026-03-08',
    overdue: false,
    days_left: 5,
    measures: '',
    responsible_person: '',
    funds: '',
    contingency_plan: '',
    interim_measures: '',
    closed_for_use: false,
    planned_by: null,
    started_by: null,
    last_progress_by: null,
    last_progress_note: '',
    submitted_by: null,
    reviewed_by: null,
    reviewed_at: null,
    closed_at: null,
    rejection_count: 0,
    last_rejection_reason: '',
    voided_by: null,
    voided_reason: '',
    extension_count: 0,
    updated_at: '',
    version: 1,
    history: [],
    evidence: [],
    extensions: [],
    people: {},
    actions: undefined as unknown as HazardDetail['actions'],
    ...over,
  }
}
const v = (id: string, role: Viewer['role'], scope: Scope): Viewer => ({ id, role, scope })
const schoolOfficer = v('usr_school', 'school_officer', SCHOOL)
const principal = v('usr_principal', 'principal', SCHOOL)
const county = v('usr_county', 'bureau_officer', COUNTY)
const cityOfficer = v('usr_city', 'bureau_officer', CITY)
const inspector = v('usr_insp', 'inspector', COUNTY)
const auditor = v('usr_aud', 'auditor', CITY)
const admin = v('usr_admin', 'admin', { id: 'org_prov', path: [CITY.path[0]] })

describe('nextState (domain Transition)', () => {
  it('follows the closed loop', () => {
    expect(nextState('registered', 'plan')).toBe('planned')
    expect(nextState('planned', 'start')).toBe('rectifying')
    expect(nextState('rectifying', 'progress')).toBe('rectifying')
    expect(nextState('rectifying', 'submit')).toBe('awaiting_review')
    expect(nextState('awaiting_review', 'close')).toBe('closed')
    expect(nextState('awaiting_review', 'reject')).toBe('rectifying')
  })
  it('refuses what the server calls illegal_transition', () => {
    expect(nextState('planned', 'submit')).toBeNull()
    expect(nextState('registered', 'start')).toBeNull()
    expect(nextState('rectifying', 'close')).toBeNull()
    expect(nextState('closed', 'void')).toBeNull()
    expect(nextState('voided', 'void')).toBeNull()
    expect(nextState('awaiting_review', 'request_extension')).toBeNull()
    expect(nextState('closed', 'decide_extension')).toBeNull()
  })
  it('voids from every open state', () => {
    for (const s of HAZARD_STATES) expect(nextState(s, 'void') !== null, s).toBe(s !== 'closed' && s !== 'voided')
  })
})

describe('scopeContainsAncestor', () => {
  it('is true for the scope itself and for orgs below it on the chain', () => {
    expect(scopeContainsAncestor(COUNTY, 'org_county')).toBe(true)
    expect(scopeContainsAncestor(CITY, 'org_county')).toBe(true)
  })
  it('is false for orgs above the scope, and without a scope', () => {
    expect(scopeContainsAncestor(COUNTY, 'org_city')).toBe(false)
    expect(scopeContainsAncestor(SCHOOL, 'org_county')).toBe(false)
    expect(scopeContainsAncestor(null, 'org_county')).toBe(false)
  })
})

describe('allowedActions (domain AllowedActions)', () => {
  it('gives the school side plan / start / progress / submit / extension by state', () => {
    expect(allowedActions(hazard('registered'), schoolOfficer)).toEqual(['plan', 'request_extension'])
    expect(allowedActions(hazard('planned'), principal)).toEqual(['start', 'request_extension'])
    expect(allowedActions(hazard('rectifying'), schoolOfficer)).toEqual(['progress', 'submit', 'request_extension'])
  })
  it('never offers a school role review, void or extension decisions', () => {
    const pending = [{ id: 'e', state: 'pending', requested_by: 'usr_county' }] as HazardDetail['extensions']
    for (const s of HAZARD_STATES) {
      const a = allowedActions(hazard(s, { extensions: pending }), schoolOfficer)
      for (const x of ['close', 'reject', 'void', 'decide_extension'] as const) expect(a, s).not.toContain(x)
    }
    expect(allowedActions(hazard('awaiting_review'), schoolOfficer)).toEqual([])
  })
  it('lets the supervising county review and void, and a county officer act as school side too', () => {
    expect(allowedActions(hazard('awaiting_review'), county)).toEqual(['close', 'reject', 'void'])
    expect(allowedActions(hazard('registered'), county)).toEqual(['plan', 'void', 'request_extension'])
    expect(allowedActions(hazard('awaiting_review'), inspector)).toEqual(['close', 'reject', 'void'])
    expect(allowedActions(hazard('awaiting_review'), cityOfficer)).toEqual(['close', 'reject', 'void'])
  })
  it('keeps a level below the supervising org out of review', () => {
    const citySupervised = hazard('awaiting_review', { supervising_org_id: 'org_city' })
    expect(allowedActions(citySupervised, county)).toEqual([])
    expect(allowedActions(citySupervised, cityOfficer)).toEqual(['close', 'reject', 'void'])
  })
  it('stops anyone who planned, started, progressed or submitted from reviewing (separation of duties)', () => {
    const history: JournalEntry[] = [{ seq: 3, at: '', actor: 'usr_county', kind: 'hazard.progressed', payload: {} }]
    expect(allowedActions(hazard('awaiting_review', { history }), county)).toEqual([])
    expect(allowedActions(hazard('awaiting_review', { planned_by: 'usr_insp' }), inspector)).toEqual([])
    expect(rectifiers(hazard('awaiting_review', { history, submitted_by: 'usr_x' }))).toEqual(new Set(['usr_county', 'usr_x']))
  })
  it('handles a pending extension: no second request, no deciding your own', () => {
    const ext = [{ id: 'e', state: 'pending', requested_by: 'usr_school' }] as HazardDetail['extensions']
    expect(allowedActions(hazard('rectifying', { extensions: ext }), schoolOfficer)).toEqual(['progress', 'submit'])
    expect(allowedActions(hazard('rectifying', { extensions: ext }), county)).toContain('decide_extension')
    const own = [{ id: 'e', state: 'pending', requested_by: 'usr_county' }] as HazardDetail['extensions']
    expect(allowedActions(hazard('rectifying', { extensions: own }), county)).not.toContain('decide_extension')
  })
  it('gives read-only roles and closed hazards nothing', () => {
    expect(allowedActions(hazard('awaiting_review'), auditor)).toEqual([])
    expect(allowedActions(hazard('registered'), admin)).toEqual([])
    expect(allowedActions(hazard('closed'), county)).toEqual([])
    expect(allowedActions(hazard('voided'), schoolOfficer)).toEqual([])
    expect(allowedActions(hazard('registered'), null)).toEqual([])
  })
  it('lets the server list win when there is one', () => {
    expect(offeredActions(hazard('awaiting_review', { actions: ['reject', 'close'] }), schoolOfficer)).toEqual(['close', 'reject'])
    expect(offeredActions(hazard('awaiting_review', { actions: [] }), county)).toEqual([])
    expect(offeredActions(hazard('awaiting_review'), county)).toEqual(['close', 'reject', 'void'])
  })
})

describe('filters', () => {
  it('round-trips through the URL, leaving defaults out', () => {
    const f = { ...emptyFilters(), q: '灭火器', state: 'rectifying', risk_level: 'red', deadline: 'overdue', page: 2 }
    const q = filtersToRoute(f)
    expect(q).toEqual({ q: '灭火器', state: 'rectifying', risk_level: 'red', deadline: 'overdue', page: '2' })
    expect(filtersFromRoute(q)).toEqual(f)
    expect(filtersToRoute(emptyFilters())).toEqual({})
  })
  it('drops unknown values from the URL instead of sending them', () => {
    const f = filtersFromRoute({ state: 'bogus', risk_level: 'purple', sort: 'x', page: '-3', page_size: '7', deadline: 'late' })
    expect(f).toEqual(emptyFilters())
  })
  it('maps to the API query: overdue=true, due_within_days, sort only when not the default', () => {
    expect(filtersToApiQuery({ ...emptyFilters(), deadline: 'overdue' })).toEqual({ overdue: 'true', page: 1, page_size: 20 })
    expect(filtersToApiQuery({ ...emptyFilters(), deadline: 'due_soon', sort: 'risk', org: 'org_county', q: '  x ' })).toEqual({
      due_within_days: 3,
      sort: 'risk',
      org: 'org_county',
      q: 'x',
      page: 1,
      page_size: 20,
    })
    expect(filtersToApiQuery({ ...emptyFilters(), category: 'food', source: 'self', page_size: 50 })).toEqual({
      category: 'food',
      source: 'self',
      page: 1,
      page_size: 50,
    })
  })
})

describe('deadline badge', () => {
  it('is overdue when the server says so, due soon within 3 days while with the school', () => {
    expect(deadlineBadge({ state: 'rectifying', overdue: true, days_left: -2 })).toBe('overdue')
    expect(deadlineBadge({ state: 'planned', overdue: false, days_left: 3 })).toBe('due_soon')
    expect(deadlineBadge({ state: 'planned', overdue: false, days_left: 4 })).toBe('')
    expect(deadlineBadge({ state: 'awaiting_review', overdue: false, days_left: 1 })).toBe('')
    expect(deadlineBadge({ state: 'closed', overdue: false, days_left: -10 })).toBe('')
  })
})

describe('China time', () => {
  it('shows journal times in Asia/Shanghai whatever the browser zone', () => {
    expect(formatChinaTime('2026-03-01T16:30:00Z', 'zh-CN')).toMatch(/2026.03.02.*00:30/)
    expect(chinaToday(new Date('2026-03-01T16:30:00Z'))).toBe('2026-03-02')
    expect(chinaToday(new Date('2026-03-01T15:59:00Z'))).toBe('2026-03-01')
  })
})

describe('timeline wording', () => {
  const t = (k: string, n?: Record<string, unknown>) => i18n.global.t(k, n ?? {})
  const people = { usr_school: '王老师', usr_county: '李科长' }
  const entry = (kind: string, payload: Record<string, unknown>, actor = 'usr_school'): JournalEntry => ({
    seq: 1,
    at: '2026-03-01T02:00:00Z',
    actor,
    kind,
    payload,
  })

  it('words every hazard event in Chinese with the actor name', () => {
    i18n.global.locale.value = 'zh-CN'
    const reg = describeEntry(entry('hazard.registered', { risk_level: 'red', description: '灭火器过期', deadline: '2026-03-31', evidence: ['a', 'b'] }), people, t)
    expect(reg.title).toBe('登记隐患（重大）')
    expect(reg.actor).toBe('王老师')
    expect(reg.details).toEqual(['灭火器过期', '整改时限 2026-03-31'])
    expect(reg.photos).toBe(2)
    expect(describeEntry(entry('hazard.planned', { deadline: '2026-03-20', measures: '更换', responsible_person: '张三' }), people, t).title).toBe(
      '制定整改方案，整改时限 2026-03-20',
    )
    expect(describeEntry(entry('hazard.started', {}), people, t).title).toBe('开始整改')
    expect(describeEntry(entry('hazard.submitted', { note: '', evidence: ['x'] }), people, t).title).toBe('整改完成，提交验收（整改后照片 1 张）')
    const rej = describeEntry(entry('hazard.reviewed', { decision: 'reject', reason: '照片不清楚' }, 'usr_county'), people, t)
    expect([rej.title, rej.details[0], rej.actor, rej.tone]).toEqual(['复查不通过，予以驳回', '理由：照片不清楚', '李科长', 'danger'])
    expect(describeEntry(entry('hazard.reviewed', { decision: 'close', reason: '' }), people, t).title).toBe('复查通过，予以销号')
    expect(describeEntry(entry('hazard.voided', { reason: '重复登记' }), people, t).details).toEqual(['理由：重复登记'])
    expect(describeEntry(entry('hazard.extension_requested', { new_deadline: '2026-04-10', reason: '等配件' }), people, t).title).toBe(
      '申请延期至 2026-04-10',
    )
    expect(describeEntry(entry('hazard.extension_decided', { decision: 'deny', reason: '不充分' }), people, t).title).toBe('不同意延期')
    expect(describeEntry(entry('notice.sent', { kind: 'red_hazard_supervision' }), people, t).title).toBe('重大隐患已报市级教育部门挂牌督办')
  })

  it('falls back to the user id, the system, and the raw kind', () => {
    expect(describeEntry(entry('hazard.started', {}, 'usr_unknown'), people, t).actor).toBe('usr_unknown')
    expect(describeEntry(entry('hazard.started', {}, 'system'), people, t).actor).toBe('系统')
    expect(describeEntry(entry('hazard.something_new', {}), people, t).title).toBe('记录：hazard.something_new')
  })

  it('lists newest first, and speaks English too', () => {
    const h = {
      history: [entry('hazard.registered', { risk_level: 'blue' }), { ...entry('hazard.started', {}), seq: 5 }],
      people,
    }
    expect(timeline(h, t).map((x) => x.seq)).toEqual([5, 1])
    i18n.global.locale.value = 'en'
    expect(timeline(h, t).map((x) => x.title)).toEqual(['Started the rectification', 'Registered the hazard (Low)'])
    i18n.global.locale.value = 'zh-CN'
  })
})
