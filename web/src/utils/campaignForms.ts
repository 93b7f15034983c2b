// The campaign and team forms: their fields, the checks that mirror the server's
// (src/domain/campaign.cpp ValidateCampaignDraft, ValidateTeam) and the request bodies. Each check
// returns { field: i18n key }; the server stays the authority and its message is shown by field.
import type { Campaign, CampaignDetail, Org, OrgKind, Role, Team, TeamKind, TeamLevel } from '@/api/types'
import { charLength, trimAscii } from '@/utils/validation'

export type FieldErrors = Record<string, string>

export type CampaignForm = Pick<Campaign, 'scope_org_id' | 'name' | 'start_date' | 'end_date' | 'modes' | 'checklists'>

export interface TeamForm {
  org_id: string
  kind: TeamKind | ''
  name: string
  leader_name: string
  leader_rank: string
  members: string[]
  experts: string[]
  target_org_id: string
  schools: string[]
  start_date: string
  end_date: string
  rounds: number
}

/** Ranks offered for a team leader, i18n keys teamForm.rank.* (any other text up to 20 characters is accepted). */
export const LEADER_RANKS = ['province', 'bureau', 'county', 'division', 'section', 'expert'] as const

const DATE = /^\d{4}-\d{2}-\d{2}$/

function isDate(s: string): boolean {
  if (!DATE.test(s)) return false
  const d = new Date(s + 'T00:00:00Z')
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

function days(a: string, b: string): number {
  return (Date.parse(b + 'T00:00:00Z') - Date.parse(a + 'T00:00:00Z')) / 86400000
}

function hasDuplicates(v: readonly string[]): boolean {
  return new Set(v).size !== v.length
}

export function blankCampaign(scopeOrgId: string, today: string): CampaignForm {
  return { scope_org_id: scopeOrgId, name: '', start_date: today, end_date: '', modes: [], checklists: [] }
}

export function campaignFormOf(c: Campaign): CampaignForm {
  return {
    scope_org_id: c.scope_org_id,
    name: c.name,
    start_date: c.start_date,
    end_date: c.end_date,
    modes: [...c.modes],
    checklists: [...c.checklists],
  }
}

/** Name 2..60 characters, a real period of at most two years, 1+ modes, at most 40 checklists. */
export function checkCampaign(f: CampaignForm): FieldErrors {
  const e: FieldErrors = {}
  const n = charLength(trimAscii(f.name))
  if (n < 2 || n > 60) e.name = 'campaignForm.err.name'
  if (!isDate(f.start_date)) e.start_date = 'campaignForm.err.date'
  if (!isDate(f.end_date)) e.end_date = 'campaignForm.err.date'
  else if (isDate(f.start_date)) {
    if (f.end_date < f.start_date) e.end_date = 'campaignForm.err.endBeforeStart'
    else if (days(f.start_date, f.end_date) > 2 * 366) e.end_date = 'campaignForm.err.tooLong'
  }
  if (f.modes.length === 0) e.modes = 'campaignForm.err.modes'
  if (f.checklists.length > 40) e.checklists = 'campaignForm.err.checklists'
  if (!f.scope_org_id) e.scope_org_id = 'campaignForm.err.scope'
  return e
}

/** POST /campaigns body: the owner is the caller's own org (the server's default). */
export function campaignCreateBody(f: CampaignForm, ownerOrgId: string): Record<string, unknown> {
  const body: Record<string, unknown> = {
    name: trimAscii(f.name),
    start_date: f.start_date,
    end_date: f.end_date,
    modes: [...f.modes],
    checklists: [...f.checklists],
  }
  if (f.scope_org_id && f.scope_org_id !== ownerOrgId) body.scope_org_id = f.scope_org_id
  return body
}

/** PATCH /campaigns/{id} body: only what changed (the scope is fixed at creation). */
export function campaignPatch(c: Campaign, f: CampaignForm): Record<string, unknown> {
  const p: Record<string, unknown> = {}
  const name = trimAscii(f.name)
  if (name !== c.name) p.name = name
  if (f.start_date !== c.start_date) p.start_date = f.start_date
  if (f.end_date !== c.end_date) p.end_date = f.end_date
  if (f.modes.join() !== c.modes.join()) p.modes = [...f.modes]
  if (f.checklists.join() !== c.checklists.join()) p.checklists = [...f.checklists]
  return p
}

/** The level a team dispatched by an org of this kind works at (the server derives it the same way). */
export function levelOfOrg(kind: OrgKind | undefined): TeamLevel | null {
  if (kind === 'province') return 'province'
  if (kind === 'city') return 'city'
  if (kind === 'county') return 'county'
  return null
}

/** Team kinds a level may dispatch (src/domain/campaign.cpp KindFitsLevel). */
export function kindsForLevel(level: TeamLevel | null): TeamKind[] {
  switch (level) {
    case 'province':
      return ['provincial', 'resident', 'thematic']
    case 'city':
      return ['city_supervision', 'city_direct', 'resident', 'thematic']
    case 'county':
      return ['county_census', 'cross_inspection', 'resident', 'thematic']
    default:
      return []
  }
}

export function blankTeam(c: Campaign, orgId: string): TeamForm {
  return {
    org_id: orgId,
    kind: '',
    name: '',
    leader_name: '',
    leader_rank: '',
    members: [],
    experts: [],
    target_org_id: '',
    schools: [],
    start_date: c.start_date,
    end_date: c.end_date,
    rounds: 1,
  }
}

export function teamFormOf(tm: Team): TeamForm {
  return {
    org_id: tm.org_id,
    kind: tm.kind,
    name: tm.name,
    leader_name: tm.leader_name,
    leader_rank: tm.leader_rank,
    members: [...tm.members],
    experts: [...tm.experts],
    target_org_id: tm.target_org_id ?? '',
    schools: [...tm.schools],
    start_date: tm.start_date,
    end_date: tm.end_date,
    rounds: tm.rounds,
  }
}

/** Mirrors ValidateTeam: texts, kind for the level, people, target county, dates inside the campaign. */
export function checkTeam(f: TeamForm, c: Pick<Campaign, 'start_date' | 'end_date'>, level: TeamLevel | null): FieldErrors {
  const e: FieldErrors = {}
  if (!f.org_id) e.org_id = 'teamForm.err.org'
  const name = charLength(trimAscii(f.name))
  if (name < 1 || name > 40) e.name = 'teamForm.err.name'
  const leader = charLength(trimAscii(f.leader_name))
  if (leader < 1 || leader > 40) e.leader_name = 'teamForm.err.leader'
  if (charLength(trimAscii(f.leader_rank)) > 20) e.leader_rank = 'teamForm.err.rank'
  if (!f.kind) e.kind = 'teamForm.err.kind'
  else if (level && !kindsForLevel(level).includes(f.kind)) e.kind = 'teamForm.err.kindLevel'
  if (f.members.length > 30) e.members = 'teamForm.err.tooManyMembers'
  else if (hasDuplicates(f.members)) e.members = 'teamForm.err.duplicate'
  if (f.experts.length > 20) e.experts = 'teamForm.err.tooManyExperts'
  else if (hasDuplicates(f.experts)) e.experts = 'teamForm.err.duplicate'
  else if (f.experts.some((x) => f.members.includes(x))) e.experts = 'teamForm.err.expertIsMember'
  if (f.schools.length > 500) e.schools = 'teamForm.err.tooManySchools'
  if (!Number.isInteger(f.rounds) || f.rounds < 1 || f.rounds > 12) e.rounds = 'teamForm.err.rounds'
  if (!isDate(f.start_date)) e.start_date = 'campaignForm.err.date'
  if (!isDate(f.end_date)) e.end_date = 'campaignForm.err.date'
  if (!e.start_date && !e.end_date) {
    if (f.end_date < f.start_date) e.end_date = 'campaignForm.err.endBeforeStart'
    else if (f.start_date < c.start_date || f.end_date > c.end_date) e.start_date = 'teamForm.err.outsideCampaign'
  }
  if (f.kind === 'cross_inspection') {
    if (!f.target_org_id) e.target_org_id = 'teamForm.err.target'
    else if (f.target_org_id === f.org_id) e.target_org_id = 'teamForm.err.ownCounty'
  }
  return e
}

/** POST /campaigns/{id}/teams body. A target county only for a cross-inspection team. */
export function teamCreateBody(f: TeamForm): Record<string, unknown> {
  const body: Record<string, unknown> = {
    org_id: f.org_id,
    kind: f.kind,
    name: trimAscii(f.name),
    leader_name: trimAscii(f.leader_name),
    leader_rank: trimAscii(f.leader_rank),
    members: [...f.members],
    experts: [...f.experts],
    schools: [...f.schools],
    start_date: f.start_date,
    end_date: f.end_date,
    rounds: f.rounds,
  }
  if (f.kind === 'cross_inspection') body.target_org_id = f.target_org_id
  return body
}

/** PATCH /teams/{id} body: only what changed (org, level and kind are fixed once dispatched). */
export function teamPatch(tm: Team, f: TeamForm): Record<string, unknown> {
  const p: Record<string, unknown> = {}
  const text = { name: trimAscii(f.name), leader_name: trimAscii(f.leader_name), leader_rank: trimAscii(f.leader_rank) }
  for (const [k, v] of Object.entries(text)) if (v !== tm[k as keyof typeof text]) p[k] = v
  for (const k of ['members', 'experts', 'schools'] as const) if (f[k].join() !== tm[k].join()) p[k] = [...f[k]]
  if (tm.kind === 'cross_inspection' && f.target_org_id !== (tm.target_org_id ?? '')) p.target_org_id = f.target_org_id
  if (f.start_date !== tm.start_date) p.start_date = f.start_date
  if (f.end_date !== tm.end_date) p.end_date = f.end_date
  if (f.rounds !== tm.rounds) p.rounds = f.rounds
  return p
}

/** May this user create and edit campaigns (and teams) owned by `owner`? Mirrors AuthoriseCampaignWrite. */
export function mayRunCampaign(role: Role | null, scopeOrgId: string | undefined, owner: Pick<Org, 'id' | 'path'> | null): boolean {
  if (role !== 'admin' && role !== 'bureau_officer') return false
  if (!owner || !scopeOrgId) return false
  return owner.id === scopeOrgId || owner.path.some((p) => p.id === scopeOrgId)
}

/**
 * Should the campaign page load the owner org (for mayRunCampaign and the edit dialog's names)?
 * Only admins and bureau officers may run a campaign, and only one owned inside their scope; a
 * campaign owned above the caller (a city's campaign seen by a county) is not theirs to run and
 * its owner org is not theirs to read (GET /orgs/{id} answers 404), so it is not asked for. The
 * campaign answer says which (`owner_in_scope`): the caller's own path stops at its scope org.
 */
export function needsOwnerOrg(role: Role | null, campaign: Pick<CampaignDetail, 'owner_in_scope'>): boolean {
  return (role === 'admin' || role === 'bureau_officer') && campaign.owner_in_scope === true
}

/** May this user create campaigns at all (its own org must be a bureau, not a school)? */
export function mayCreateCampaign(role: Role | null, scopeKind: OrgKind | undefined): boolean {
  return (role === 'admin' || role === 'bureau_officer') && !!scopeKind && scopeKind !== 'school'
}
