import { describe, expect, it } from 'vitest'
import type { Campaign, Team } from '@/api/types'
import {
  blankCampaign,
  blankTeam,
  campaignCreateBody,
  campaignFormOf,
  campaignPatch,
  checkCampaign,
  checkTeam,
  kindsForLevel,
  levelOfOrg,
  mayCreateCampaign,
  mayRunCampaign,
  needsOwnerOrg,
  teamCreateBody,
  teamFormOf,
  teamPatch,
  type CampaignForm,
  type TeamForm,
} from '@/utils/campaignForms'

const campaign: Campaign = {
  id: 'cmp_1',
  owner_org_id: 'org_city',
  scope_org_id: 'org_city',
  name: '校园安全隐患大排查大整治集中行动',
  start_date: '2026-03-01',
  end_date: '2026-06-30',
  modes: ['city_supervision', 'unannounced'],
  checklists: ['ckl_fire'],
  state: 'open',
  created_by: 'usr_c',
  created_at: '2026-03-01T00:00:00.000Z',
  closed_at: null,
  closed_by: null,
  version: 3,
}

function okCampaign(over: Partial<CampaignForm> = {}): CampaignForm {
  return { ...blankCampaign('org_city', '2026-05-01'), name: '汛期防溺水专项', end_date: '2026-09-30', modes: ['thematic'], ...over }
}

describe('campaign form checks', () => {
  it('accepts a complete form', () => {
    expect(checkCampaign(okCampaign())).toEqual({})
  })
  it('names each bad field, like the server', () => {
    expect(checkCampaign(okCampaign({ name: ' x ' }))).toEqual({ name: 'campaignForm.err.name' })
    expect(checkCampaign(okCampaign({ name: '汛'.repeat(61) }))).toEqual({ name: 'campaignForm.err.name' })
    expect(checkCampaign(okCampaign({ end_date: '2026-04-30' }))).toEqual({ end_date: 'campaignForm.err.endBeforeStart' })
    expect(checkCampaign(okCampaign({ end_date: '2028-06-01' }))).toEqual({ end_date: 'campaignForm.err.tooLong' })
    expect(checkCampaign(okCampaign({ start_date: '2026-02-30' }))).toEqual({ start_date: 'campaignForm.err.date' })
    expect(checkCampaign(okCampaign({ end_date: '' }))).toEqual({ end_date: 'campaignForm.err.date' })
    expect(checkCampaign(okCampaign({ modes: [] }))).toEqual({ modes: 'campaignForm.err.modes' })
    expect(checkCampaign(okCampaign({ checklists: Array.from({ length: 41 }, (_, i) => 'c' + i) }))).toEqual({
      checklists: 'campaignForm.err.checklists',
    })
    expect(checkCampaign(okCampaign({ scope_org_id: '' }))).toEqual({ scope_org_id: 'campaignForm.err.scope' })
  })
  it('sends a narrower scope only when one was chosen', () => {
    expect(campaignCreateBody(okCampaign({ name: ' 汛期防溺水专项 ' }), 'org_city')).toEqual({
      name: '汛期防溺水专项',
      start_date: '2026-05-01',
      end_date: '2026-09-30',
      modes: ['thematic'],
      checklists: [],
    })
    expect(campaignCreateBody(okCampaign({ scope_org_id: 'org_county' }), 'org_city').scope_org_id).toBe('org_county')
  })
  it('patches only what changed', () => {
    const f = campaignFormOf(campaign)
    expect(campaignPatch(campaign, f)).toEqual({})
    f.name = '校园安全隐患大排查大整治集中行动（第二阶段）'
    f.modes = ['city_supervision', 'unannounced', 'resident']
    expect(campaignPatch(campaign, f)).toEqual({ name: f.name, modes: f.modes })
  })
})

describe('who runs campaigns', () => {
  const owner = { id: 'org_city', path: [{ id: 'org_prov', name: '山东省', kind: 'province' as const }, { id: 'org_city', name: '聊城市', kind: 'city' as const }] }
  it('is the owning bureau, a bureau above it, or an admin', () => {
    expect(mayRunCampaign('bureau_officer', 'org_city', owner)).toBe(true)
    expect(mayRunCampaign('bureau_officer', 'org_prov', owner)).toBe(true)
    expect(mayRunCampaign('admin', 'org_prov', owner)).toBe(true)
  })
  it('never a county below, another role, or before the owner is known', () => {
    expect(mayRunCampaign('bureau_officer', 'org_county', owner)).toBe(false)
    for (const r of ['inspector', 'expert', 'school_officer', 'principal', 'auditor', null] as const)
      expect(mayRunCampaign(r, 'org_city', owner)).toBe(false)
    expect(mayRunCampaign('bureau_officer', 'org_city', null)).toBe(false)
  })
  it('asks for the owner org only when the caller may read it (no 404 for a county on a city campaign)', () => {
    expect(needsOwnerOrg('bureau_officer', { owner_in_scope: false })).toBe(false)
    expect(needsOwnerOrg('bureau_officer', { owner_in_scope: true })).toBe(true)
    expect(needsOwnerOrg('admin', { owner_in_scope: true })).toBe(true)
    for (const r of ['inspector', 'expert', 'school_officer', 'principal', 'auditor', null] as const)
      expect(needsOwnerOrg(r, { owner_in_scope: true })).toBe(false)
  })
  it('creates only from a bureau', () => {
    expect(mayCreateCampaign('bureau_officer', 'county')).toBe(true)
    expect(mayCreateCampaign('bureau_officer', 'school')).toBe(false)
    expect(mayCreateCampaign('inspector', 'city')).toBe(false)
  })
})

function okTeam(over: Partial<TeamForm> = {}): TeamForm {
  return { ...blankTeam(campaign, 'org_city'), kind: 'city_supervision', name: '第一督查组', leader_name: '李明', ...over }
}

describe('team form checks', () => {
  it('derives the level from the dispatching bureau and offers the kinds it may dispatch', () => {
    expect(levelOfOrg('city')).toBe('city')
    expect(levelOfOrg('school')).toBeNull()
    expect(kindsForLevel('city')).toEqual(['city_supervision', 'city_direct', 'resident', 'thematic'])
    expect(kindsForLevel('county')).toContain('cross_inspection')
    expect(kindsForLevel('province')).not.toContain('county_census')
    expect(kindsForLevel(null)).toEqual([])
  })
  it('accepts a complete team, dated as the campaign by default', () => {
    const f = okTeam()
    expect([f.start_date, f.end_date, f.rounds]).toEqual(['2026-03-01', '2026-06-30', 1])
    expect(checkTeam(f, campaign, 'city')).toEqual({})
  })
  it('names each bad field', () => {
    expect(checkTeam(okTeam({ name: '' }), campaign, 'city')).toEqual({ name: 'teamForm.err.name' })
    expect(checkTeam(okTeam({ leader_name: ' ' }), campaign, 'city')).toEqual({ leader_name: 'teamForm.err.leader' })
    expect(checkTeam(okTeam({ leader_rank: '级'.repeat(21) }), campaign, 'city')).toEqual({ leader_rank: 'teamForm.err.rank' })
    expect(checkTeam(okTeam({ kind: '' }), campaign, 'city')).toEqual({ kind: 'teamForm.err.kind' })
    expect(checkTeam(okTeam({ kind: 'county_census' }), campaign, 'city')).toEqual({ kind: 'teamForm.err.kindLevel' })
    expect(checkTeam(okTeam({ members: ['u1', 'u1'] }), campaign, 'city')).toEqual({ members: 'teamForm.err.duplicate' })
    expect(checkTeam(okTeam({ members: ['u1'], experts: ['u1'] }), campaign, 'city')).toEqual({ experts: 'teamForm.err.expertIsMember' })
    expect(checkTeam(okTeam({ members: Array.from({ length: 31 }, (_, i) => 'u' + i) }), campaign, 'city')).toEqual({
      members: 'teamForm.err.tooManyMembers',
    })
    expect(checkTeam(okTeam({ rounds: 13 }), campaign, 'city')).toEqual({ rounds: 'teamForm.err.rounds' })
    expect(checkTeam(okTeam({ rounds: 0 }), campaign, 'city')).toEqual({ rounds: 'teamForm.err.rounds' })
    expect(checkTeam(okTeam({ start_date: '2026-02-28' }), campaign, 'city')).toEqual({ start_date: 'teamForm.err.outsideCampaign' })
    expect(checkTeam(okTeam({ end_date: '2026-02-28', start_date: '2026-03-02' }), campaign, 'city')).toEqual({
      end_date: 'campaignForm.err.endBeforeStart',
    })
  })
  it('needs another county as the target of a cross-inspection', () => {
    const cross = okTeam({ org_id: 'org_donge', kind: 'cross_inspection' })
    expect(checkTeam(cross, campaign, 'county')).toEqual({ target_org_id: 'teamForm.err.target' })
    expect(checkTeam({ ...cross, target_org_id: 'org_donge' }, campaign, 'county')).toEqual({ target_org_id: 'teamForm.err.ownCounty' })
    expect(checkTeam({ ...cross, target_org_id: 'org_guanxian' }, campaign, 'county')).toEqual({})
    expect(teamCreateBody({ ...cross, target_org_id: 'org_guanxian' }).target_org_id).toBe('org_guanxian')
    // A target left over from switching kinds is not sent.
    expect(teamCreateBody(okTeam({ target_org_id: 'org_guanxian' }))).not.toHaveProperty('target_org_id')
  })
  it('patches only what changed, never the kind or the bureau', () => {
    const team: Team = {
      id: 'team_1',
      campaign_id: 'cmp_1',
      org_id: 'org_city',
      level: 'city',
      kind: 'city_supervision',
      name: '第一督查组',
      leader_name: '李明',
      leader_rank: '县级干部',
      members: ['u1'],
      experts: ['e1'],
      target_org_id: null,
      schools: ['s1'],
      start_date: '2026-03-01',
      end_date: '2026-06-30',
      rounds: 1,
      created_by: 'usr_c',
      version: 2,
    }
    const f = teamFormOf(team)
    expect(teamPatch(team, f)).toEqual({})
    f.leader_rank = '处级干部 '
    f.experts = ['e1', 'e2']
    f.rounds = 2
    f.kind = 'resident'
    expect(teamPatch(team, f)).toEqual({ leader_rank: '处级干部', experts: ['e1', 'e2'], rounds: 2 })
  })
})
