import { describe, expect, it } from 'vitest'
import type { CampaignFigures, InspectionItem, ItemRecord } from '@/api/types'
import {
  answerProblem,
  byCompletion,
  draftKey,
  emptyDraft,
  defaultInspectionScope,
  inspectionFiltersFromRoute,
  inspectionQueryOf,
  inspectionFiltersToRoute,
  isDraftEmpty,
  laggards,
  modeLabelKey,
  loadDraft,
  mayRun,
  modeRows,
  onTeam,
  openHazards,
  pendingAnswers,
  percent,
  positionOf,
  progressOf,
  reconcileDraft,
  runnerItems,
  saveDraft,
  startIndex,
  submitBlockers,
  teamPeople,
  teamsByLevel,
} from '@/utils/inspections'

function rec(over: Partial<ItemRecord> = {}): ItemRecord {
  return { code: 'F-01', result: 'pass', note: '', photos: [], hazard_id: null, recorded_by: 'u1', recorded_at: 'x', version: 1, ...over }
}
function item(code: string, record: ItemRecord | null = null, over: Partial<InspectionItem> = {}): InspectionItem {
  return { code, carried: false, category: 'fire', text: 't ' + code, basis: 'GB 50016', risk_level: 'orange', photo_required: false, record, ...over }
}

class MemStore {
  m = new Map<string, string>()
  fail = false
  getItem(k: string) {
    return this.m.has(k) ? this.m.get(k)! : null
  }
  setItem(k: string, v: string) {
    if (this.fail) throw new Error('QuotaExceededError')
    this.m.set(k, v)
  }
  removeItem(k: string) {
    this.m.delete(k)
  }
}

describe('inspection drafts on the device', () => {
  it('keys drafts by user and inspection', () => {
    expect(draftKey('usr_1', 'ins_2')).toBe('anxiao.inspection.usr_1.ins_2')
    expect(draftKey('usr_1', 'ins_2')).not.toBe(draftKey('usr_3', 'ins_2'))
  })

  it('round-trips a draft and removes an empty one', () => {
    const s = new MemStore()
    const d = emptyDraft()
    d.items['F-01'] = { result: 'fail', note: 'blocked exit', photos: [{ sha256: 'a'.repeat(64) }], base_version: 0 }
    d.feedback = 'fix it'
    d.cursor = 'F-01'
    saveDraft(s, 'k', d)
    expect(loadDraft(s, 'k')).toEqual(d)
    saveDraft(s, 'k', emptyDraft())
    expect(s.getItem('k')).toBeNull()
  })

  it('treats garbage, wrong shapes and unknown results as no answer', () => {
    const s = new MemStore()
    expect(loadDraft(s, 'none')).toEqual(emptyDraft())
    s.setItem('k', '{not json')
    expect(loadDraft(s, 'k')).toEqual(emptyDraft())
    s.setItem('k', '[1,2]')
    expect(loadDraft(s, 'k')).toEqual(emptyDraft())
    s.setItem('k', JSON.stringify({ items: { A: { result: 'maybe', note: 3, photos: [{}, { sha256: 'x' }], base_version: -2 }, B: 'x' }, cursor: 7 }))
    const d = loadDraft(s, 'k')
    expect(d.items.A).toEqual({ result: null, note: '', photos: [{ sha256: 'x' }], base_version: 0 })
    expect(d.items.B).toBeUndefined()
    expect(d.cursor).toBeNull()
    expect(loadDraft(null, 'k')).toEqual(emptyDraft())
  })

  it('survives a full storage', () => {
    const s = new MemStore()
    s.fail = true
    const d = emptyDraft()
    d.feedback = 'x'
    expect(() => saveDraft(s, 'k', d)).not.toThrow()
    expect(isDraftEmpty(d)).toBe(false)
  })

  it('reconcile drops answers the server holds and answers overtaken by someone else', () => {
    const items = [
      item('A', rec({ code: 'A', result: 'pass', version: 1 })),
      item('B', rec({ code: 'B', result: 'pass', version: 3 })),
      item('C', null),
    ]
    const d = emptyDraft()
    d.items.A = { result: 'pass', note: '', photos: [], base_version: 0 } // already saved (same answer)
    d.items.B = { result: 'fail', note: 'x', photos: [], base_version: 2 } // made against version 2, server has 3
    d.items.C = { result: 'not_applicable', note: '', photos: [], base_version: 0 } // still to send
    d.items.GONE = { result: 'pass', note: '', photos: [], base_version: 0 }
    d.cursor = 'GONE'
    expect(reconcileDraft(d, items)).toEqual(['B'])
    expect(Object.keys(d.items)).toEqual(['C'])
    expect(d.cursor).toBeNull()
  })
})

describe('the runner view of items', () => {
  const items = [
    item('A', rec({ code: 'A', result: 'pass', version: 1 })),
    item('B', null),
    item('C', rec({ code: 'C', result: 'fail', note: 'broken', hazard_id: 'hz_1', version: 2 })),
    item('D', { ...rec({ code: 'D' }), result: null, version: 0 }),
  ]

  it('shows unsaved drafts over stored records and counts only saved answers as progress', () => {
    const d = emptyDraft()
    d.items.B = { result: 'pass', note: '', photos: [], base_version: 0 }
    d.items.C = { result: 'fail', note: 'broken', photos: [], base_version: 2 } // same as stored
    const list = runnerItems(items, d)
    expect(list.map((r) => r.status)).toEqual(['saved', 'unsaved', 'saved', 'unanswered'])
    expect(list[1].result).toBe('pass')
    const p = progressOf(list)
    expect(p).toEqual({ total: 4, saved: 2, unsaved: 1, failed: 1, percent: 50 })
  })

  it('a changed note or photo makes a saved item unsaved', () => {
    const d = emptyDraft()
    d.items.C = { result: 'fail', note: 'broken badly', photos: [], base_version: 2 }
    expect(runnerItems(items, d)[2].status).toBe('unsaved')
    d.items.C = { result: 'fail', note: 'broken', photos: [{ sha256: 'p' }], base_version: 2 }
    expect(runnerItems(items, d)[2].status).toBe('unsaved')
  })

  it('opens at the remembered item, else the first open one, else the sign-off step', () => {
    const list = runnerItems(items, emptyDraft())
    expect(startIndex(list, 'C')).toBe(2)
    expect(startIndex(list, 'nope')).toBe(1)
    expect(startIndex(list, null)).toBe(1)
    const done = runnerItems([items[0], items[2]], emptyDraft())
    expect(startIndex(done, null)).toBe(2)
  })

  it('progress of an empty checklist is complete, and percent rounds down', () => {
    expect(progressOf([]).percent).toBe(100)
    const three = runnerItems([items[0], items[1], items[3]], emptyDraft())
    expect(progressOf(three).percent).toBe(33)
  })

  it('pending answers carry the item version only for items recorded before, and skip incomplete ones', () => {
    const d = emptyDraft()
    d.items.A = { result: 'not_applicable', note: ' n ', photos: [], base_version: 1 }
    d.items.B = { result: 'fail', note: '', photos: [], base_version: 0 } // no note: not sendable
    d.items.D = { result: 'pass', note: '', photos: [{ sha256: 's1' }], base_version: 0 }
    expect(pendingAnswers(runnerItems(items, d))).toEqual([
      { code: 'A', result: 'not_applicable', note: 'n', photos: [], item_version: 1 },
      { code: 'D', result: 'pass', note: '', photos: ['s1'] },
    ])
  })
})

describe('answer rules (domain ValidateItemResult)', () => {
  const plain = item('A')
  const photo = item('P', null, { photo_required: true })
  it('needs a result, a note on fail, a photo on fail where required, and at most 500 characters', () => {
    expect(answerProblem(plain, null, '', [])).toBe('result')
    expect(answerProblem(plain, 'pass', '', [])).toBe('')
    expect(answerProblem(plain, 'fail', '  ', [])).toBe('note')
    expect(answerProblem(plain, 'fail', 'x', [])).toBe('')
    expect(answerProblem(photo, 'fail', 'x', [])).toBe('photo')
    expect(answerProblem(photo, 'fail', 'x', [{ sha256: 'a' }])).toBe('')
    expect(answerProblem(photo, 'pass', '', [])).toBe('')
    expect(answerProblem(plain, 'pass', '安'.repeat(500), [])).toBe('')
    expect(answerProblem(plain, 'pass', '安'.repeat(501), [])).toBe('noteTooLong')
  })
})

describe('submit blockers (domain CheckCanSubmit)', () => {
  const done = { total: 2, saved: 2, unsaved: 0, failed: 0, percent: 100 }
  it('a team visit needs every item and both signatures', () => {
    expect(submitBlockers({ self_inspection: false, signatures: [] }, done)).toEqual(['inspectorSignature', 'schoolSignature'])
    expect(
      submitBlockers({ self_inspection: false, signatures: [{ role: 'inspector', name: 'a', at: '' }] }, { ...done, saved: 1, unsaved: 1 }),
    ).toEqual(['unsaved', 'unanswered', 'schoolSignature'])
    expect(
      submitBlockers(
        { self_inspection: false, signatures: [{ role: 'inspector', name: 'a', at: '' }, { role: 'school', name: 'b', at: '' }] },
        done,
      ),
    ).toEqual([])
  })
  it('a self-inspection needs one signature', () => {
    expect(submitBlockers({ self_inspection: true, signatures: [] }, done)).toEqual(['signature'])
    expect(submitBlockers({ self_inspection: true, signatures: [{ role: 'school', name: 'b', at: '' }] }, done)).toEqual([])
  })
})

describe('who may fill in an inspection (domain AuthoriseInspection)', () => {
  const visit = { self_inspection: false, inspectors: ['usr_i'] }
  const self = { self_inspection: true, inspectors: [] }
  it('inspectors on the plan and bureau staff fill in visits; school staff only self-inspections', () => {
    expect(mayRun(visit, { id: 'usr_i', role: 'inspector' })).toBe(true)
    expect(mayRun(visit, { id: 'usr_x', role: 'inspector' })).toBe(false)
    expect(mayRun(visit, { id: 'usr_e', role: 'expert' })).toBe(false)
    expect(mayRun(visit, { id: 'usr_b', role: 'bureau_officer' })).toBe(true)
    expect(mayRun(visit, { id: 'usr_i', role: 'school_officer' })).toBe(false)
    expect(mayRun(visit, { id: 'usr_a', role: 'auditor' })).toBe(false)
    expect(mayRun(self, { id: 'usr_s', role: 'school_officer' })).toBe(true)
    expect(mayRun(self, { id: 'usr_p', role: 'principal' })).toBe(true)
    expect(mayRun(self, { id: 'usr_b', role: 'bureau_officer' })).toBe(false)
    expect(mayRun(visit, null)).toBe(false)
  })
})

describe('check-in position', () => {
  it('formats decimal degrees and refuses impossible fixes', () => {
    expect(positionOf({ latitude: 36.4567891, longitude: 115.98 })).toEqual({ latitude: '36.456789', longitude: '115.980000' })
    expect(positionOf({ latitude: 91, longitude: 0 })).toBeNull()
    expect(positionOf({ latitude: 0, longitude: -181 })).toBeNull()
    expect(positionOf({ latitude: NaN, longitude: 0 })).toBeNull()
    expect(positionOf(null)).toBeNull()
  })
})

function figures(): CampaignFigures {
  return {
    teams: { total: 841, province: 0, city: 18, county: 823, by_kind: { city_supervision: 11, city_direct: 3, resident: 4, cross_inspection: 11, county_census: 812 }, experts: 6 },
    schools: {
      in_scope: 3043,
      assigned: 3043,
      assigned_by_kind: { city_supervision: 44, city_direct: 21, resident: 30, cross_inspection: 132, county_census: 3022 },
      inspected: 2810,
      inspected_by_source: { self: 2790, province: 20 },
    },
    inspections: { done: 2810, in_progress: 240, planned: 500 },
    self_inspection: { assigned: 3043, submitted: 2790 },
    hazards: { found: 250, closed: 86, overdue: 3, found_by_source: { self: 164, province: 86 }, closed_by_source: { province: 86 } },
  }
}

describe('campaign figures', () => {
  it('percent is null for an empty whole and keeps one decimal', () => {
    expect(percent(1, 0)).toBeNull()
    expect(percent(2790, 3043)).toBe(91.7)
    expect(percent(3, 3)).toBe(100)
  })
  it('teams per level in a fixed order', () => {
    expect(teamsByLevel(figures())).toEqual([
      { level: 'province', count: 0 },
      { level: 'city', count: 18 },
      { level: 'county', count: 823 },
    ])
  })
  it('rows per mode join team kinds to the source their inspections carry', () => {
    const rows = modeRows(figures())
    expect(rows.map((r) => r.source)).toEqual(['self', 'county_census', 'city_supervision', 'cross_inspection', 'resident', 'province'])
    const city = rows.find((r) => r.source === 'city_supervision')!
    expect(city.teams).toBe(14) // city supervision and city-direct teams
    expect(city.schools_assigned).toBe(65)
    const prov = rows.find((r) => r.source === 'province')!
    expect(prov).toEqual({ source: 'province', teams: 0, schools_assigned: 0, schools_inspected: 20, hazards_found: 86, hazards_closed: 86 })
    expect(openHazards(figures())).toBe(164)
  })
  it('names rows in the words of the campaign where the source is a mode', () => {
    expect(modeLabelKey('province')).toBe('campaignMode.provincial')
    expect(modeLabelKey('cross_inspection')).toBe('campaignMode.cross_inspection')
    expect(modeLabelKey('self')).toBe('hazardSource.self')
    expect(modeLabelKey('public_report')).toBe('hazardSource.public_report')
  })
})

describe('self-inspection progress', () => {
  it('counts laggards and ranks the weakest counties first', () => {
    expect(laggards({ assigned: 10, submitted: 7, in_progress: 2, overdue: 1 })).toBe(3)
    const rows = [
      { name: 'A', assigned: 10, submitted: 10, in_progress: 0, overdue: 0 },
      { name: 'B', assigned: 10, submitted: 5, in_progress: 0, overdue: 1 },
      { name: 'C', assigned: 10, submitted: 5, in_progress: 0, overdue: 4 },
      { name: 'D', assigned: 0, submitted: 0, in_progress: 0, overdue: 0 },
    ]
    expect(byCompletion(rows).map((r) => r.name)).toEqual(['C', 'B', 'A', 'D'])
  })
})

describe('teams', () => {
  const team = {
    members: ['u1'],
    experts: ['e1', 'e2'],
    people: { u1: { display_name: 'Li', role: 'inspector' as const, organization: '' }, e1: { display_name: 'Wang', role: 'expert' as const, organization: 'Fire brigade' } },
  }
  it('names people from the team record and tells who is on it', () => {
    const p = teamPeople(team as never)
    expect(p.experts).toEqual([
      { id: 'e1', name: 'Wang', organization: 'Fire brigade' },
      { id: 'e2', name: 'e2', organization: '' },
    ])
    expect(onTeam(team, 'e2')).toBe(true)
    expect(onTeam(team, 'zz')).toBe(false)
    expect(onTeam(team, undefined)).toBe(false)
  })
})

describe('inspection list filters', () => {
  it('keeps known values only and leaves defaults out of the URL', () => {
    const f = inspectionFiltersFromRoute({ state: 'submitted', kind: 'self', page: '3', campaign_id: 'cmp_1' })
    expect(f).toEqual({ campaign_id: 'cmp_1', state: 'submitted', kind: 'self', scope: 'all', page: 3 })
    expect(inspectionFiltersFromRoute({ state: 'done', kind: 'x', page: '-1', scope: 'theirs' })).toEqual({
      campaign_id: '',
      state: '',
      kind: '',
      scope: 'all',
      page: 1,
    })
    expect(inspectionFiltersToRoute({ campaign_id: '', state: '', kind: '', scope: 'all', page: 1 })).toEqual({})
    expect(inspectionFiltersToRoute(f)).toEqual({ campaign_id: 'cmp_1', state: 'submitted', kind: 'self', page: '3' })
  })

  it('"my inspections" is the default of inspectors and experts, and only leaves the URL when changed', () => {
    expect(defaultInspectionScope('inspector')).toBe('mine')
    expect(defaultInspectionScope('expert')).toBe('mine')
    for (const r of ['bureau_officer', 'admin', 'school_officer', 'principal', 'auditor', null] as const)
      expect(defaultInspectionScope(r)).toBe('all')
    expect(inspectionFiltersFromRoute({}, 'mine').scope).toBe('mine')
    expect(inspectionFiltersFromRoute({ scope: 'all' }, 'mine').scope).toBe('all')
    expect(inspectionFiltersFromRoute({ scope: 'mine' }, 'all').scope).toBe('mine')
    const mine = inspectionFiltersFromRoute({}, 'mine')
    expect(inspectionFiltersToRoute(mine, 'mine')).toEqual({})
    expect(inspectionFiltersToRoute(mine, 'all')).toEqual({ scope: 'mine' })
    expect(inspectionFiltersToRoute({ ...mine, scope: 'all' }, 'mine')).toEqual({ scope: 'all' })
  })

  it('puts mine=1 on the request only for "my inspections"', () => {
    const f = inspectionFiltersFromRoute({ state: 'planned', kind: 'visit', page: '2' }, 'mine')
    expect(inspectionQueryOf(f)).toEqual({ page: 2, page_size: 20, state: 'planned', self_inspection: 'false', mine: '1' })
    expect(inspectionQueryOf({ ...f, scope: 'all', kind: 'self', state: '' })).toEqual({ page: 2, page_size: 20, self_inspection: 'true' })
  })
})
