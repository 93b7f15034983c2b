// Types of the REST contract in docs/api.md (Foundation).

export const ROLES = [
  'admin',
  'bureau_officer',
  'inspector',
  'expert',
  'school_officer',
  'principal',
  'auditor',
] as const
export type Role = (typeof ROLES)[number]

export const ORG_KINDS = ['province', 'city', 'county', 'school'] as const
export type OrgKind = (typeof ORG_KINDS)[number]

export const SCHOOL_TYPES = [
  'kindergarten',
  'primary',
  'junior_middle',
  'senior_high',
  'nine_year',
  'complete_middle',
  'vocational',
  'special_education',
  'higher_education',
  'off_campus_training',
] as const
export type SchoolType = (typeof SCHOOL_TYPES)[number]

export const OWNERSHIPS = ['public', 'private'] as const
export type Ownership = (typeof OWNERSHIPS)[number]

export const LOCATION_CLASSES = ['urban', 'town', 'fringe', 'rural'] as const
export type LocationClass = (typeof LOCATION_CLASSES)[number]

export interface User {
  id: string
  username: string
  display_name: string
  role: Role
  scope_org_id: string
  organization: string
  disabled: boolean
  version?: number
}

export interface OrgPathItem {
  id: string
  name: string
  kind: OrgKind
}

export interface Org {
  id: string
  parent_id: string
  kind: OrgKind
  name: string
  code: string
  school_count: number
  path: OrgPathItem[]
}

export interface School {
  id: string
  org_id: string
  parent_id: string
  parent_name: string
  code: string
  name: string
  type: SchoolType
  ownership: Ownership
  location_class: LocationClass
  boarding: boolean
  student_count: number
  address: string
  latitude: string
  longitude: string
  principal_name: string
  principal_phone: string
  safety_officer_name: string
  safety_officer_phone: string
  version: number
}

export interface ListPage<T> {
  items: T[]
  total: number
  page: number
  page_size: number
}

export interface LoginResponse {
  csrf_token: string
  user: User
}

export interface MeResponse {
  csrf_token: string
  user: User
  scope: Org
}

export interface JournalHead {
  seq: number
  hash: string
}

export interface Checkpoint {
  seq: number
  hash: string
  at: string
  reason: string
}

export interface IntegrityInfo {
  head: JournalHead
  checkpoints: Checkpoint[]
}

export interface IntegrityProblem {
  kind: string
  seq?: number
  table?: string
  record?: string
  field?: string
  stored?: string
  replayed?: string
  message: string
}

export interface VerifyResult {
  ok: boolean
  entries: number
  head: JournalHead
  problems: IntegrityProblem[]
  elapsed_ms: number
  /** Not in docs/api.md; sent by the server when it compares projections. */
  rows_compared?: number
}

export interface Health {
  status: string
  version: string
  store: string
  journal_head: JournalHead
}

// ---- Hazards (docs/api.md "Hazards") ----

export const RISK_LEVELS = ['red', 'orange', 'yellow', 'blue'] as const
export type RiskLevel = (typeof RISK_LEVELS)[number]

export const HAZARD_STATES = ['registered', 'planned', 'rectifying', 'awaiting_review', 'closed', 'voided'] as const
export type HazardState = (typeof HAZARD_STATES)[number]

export const HAZARD_SOURCES = [
  'self',
  'county_census',
  'county_spot_check',
  'city_supervision',
  'cross_inspection',
  'resident',
  'thematic',
  'province',
  'other_department',
  'public_report',
] as const
export type HazardSource = (typeof HAZARD_SOURCES)[number]

export const HAZARD_CATEGORIES = [
  'fire',
  'buildings',
  'food',
  'traffic',
  'lab_chemicals',
  'security',
  'dormitory',
  'drowning',
  'epidemic',
  'large_events',
  'other',
] as const
export type HazardCategory = (typeof HAZARD_CATEGORIES)[number]

export const HAZARD_ACTIONS = [
  'plan',
  'start',
  'progress',
  'submit',
  'close',
  'reject',
  'void',
  'request_extension',
  'decide_extension',
] as const
export type HazardAction = (typeof HAZARD_ACTIONS)[number]

export const HAZARD_SORTS = ['deadline', '-deadline', 'found_at', '-found_at', 'risk', 'number'] as const
export type HazardSort = (typeof HAZARD_SORTS)[number]

export interface Hazard {
  id: string
  number: string
  school_id: string
  school_name: string
  county_id: string
  supervising_org_id: string
  source: HazardSource
  category: HazardCategory
  description: string
  location: string
  risk_level: RiskLevel
  state: HazardState
  found_at: string
  found_by: string
  registered_at: string
  deadline: string
  overdue: boolean
  days_left: number
  measures: string
  responsible_person: string
  funds: string
  contingency_plan: string
  interim_measures: string
  closed_for_use: boolean
  planned_by: string | null
  started_by: string | null
  last_progress_by: string | null
  last_progress_note: string
  submitted_by: string | null
  reviewed_by: string | null
  reviewed_at: string | null
  closed_at: string | null
  rejection_count: number
  last_rejection_reason: string
  voided_by: string | null
  voided_reason: string
  extension_count: number
  updated_at: string
  version: number
}

export interface HazardExtension {
  id: string
  hazard_id: string
  requested_by: string
  requested_at: string
  old_deadline: string
  new_deadline: string
  reason: string
  state: 'pending' | 'approved' | 'denied'
  decided_by: string | null
  decided_at: string | null
  decision_reason: string
}

export type EvidenceKind = 'before' | 'progress' | 'after'

/** An evidence reference of a hazard; the file fields come with the evidence store. */
export interface HazardEvidence {
  sha256: string
  kind: EvidenceKind
  added_seq: number
  url?: string
  thumb_url?: string
  mime?: string | null
  width?: number | null
  height?: number | null
  taken_at?: string | null
}

export interface JournalEntry {
  seq: number
  at: string
  actor: string
  kind: string
  payload: Record<string, unknown> | null
}

export interface HazardDetail extends Hazard {
  history: JournalEntry[]
  evidence: HazardEvidence[]
  extensions: HazardExtension[]
  people: Record<string, string>
  actions: HazardAction[]
}

/** The answer of POST /evidence. */
export interface EvidenceUpload {
  sha256: string
  size?: number
  mime?: string
  phash?: string
  width: number
  height: number
  taken_at: string | null
  gps: { lat: number; lon: number } | null
  url: string
  thumb_url: string
}

export interface HazardPlanInput {
  measures: string
  responsible_person: string
  funds?: string
  deadline?: string
  contingency_plan?: string
  interim_measures?: string
  closed_for_use?: boolean
}

export interface NewHazard {
  school_id: string
  category: HazardCategory
  risk_level: RiskLevel
  description: string
  location?: string
  found_at?: string
  source?: HazardSource
  evidence?: string[]
}

// ---- Campaigns, teams, checklists, inspections (docs/api.md "Campaigns, teams, …") ----

export const CAMPAIGN_MODES = [
  'city_supervision',
  'city_direct',
  'county_census',
  'cross_inspection',
  'resident',
  'thematic',
  'provincial',
  'unannounced',
  'other_department',
] as const
export type CampaignMode = (typeof CAMPAIGN_MODES)[number]

export const TEAM_KINDS = [
  'city_supervision',
  'city_direct',
  'county_census',
  'cross_inspection',
  'resident',
  'thematic',
  'provincial',
] as const
export type TeamKind = (typeof TEAM_KINDS)[number]

export const TEAM_LEVELS = ['province', 'city', 'county'] as const
export type TeamLevel = (typeof TEAM_LEVELS)[number]

export const INSPECTION_STATES = ['planned', 'in_progress', 'submitted'] as const
export type InspectionState = (typeof INSPECTION_STATES)[number]

export const ITEM_RESULTS = ['pass', 'fail', 'not_applicable'] as const
export type ItemResult = (typeof ITEM_RESULTS)[number]
/** GET /orgs/{id}/five-knowns: figures of one node (五个心中有数). */
export interface FiveKnownsFigures {
  counts: {
    total: number
    open: number
    closed: number
    voided: number
    by_category: Partial<Record<HazardCategory, number>>
    by_source: Partial<Record<HazardSource, number>>
  }
  risk: { all: Record<RiskLevel, number>; open: Record<RiskLevel, number> }
  measures: {
    open_with_plan: number
    plan_share: number | null
    red_open: number
    red_open_with_interim: number
    red_open_five_in_place: number
  }
  deadlines: { overdue: number; due_soon: number; due_soon_days: number; extended: number }
  progress: {
    closed_share: number | null
    median_days_to_close: number | null
    closed_with_days: number
    rejections: number
    rejection_rate: number | null
  }
}

/** GET /orgs/{id}/self-check: the self-inspection miss rate of a node (and of each child). */
export interface SelfCheckFigures {
  org_id: string
  name: string
  kind: OrgKind
  clean_schools: number
  missed_schools: number
  missed_hazards: number
  miss_rate: number | null
}
export interface SelfCheck extends SelfCheckFigures {
  as_of: string
  campaign_id: string | null
  children: SelfCheckFigures[]
}

export interface FiveKnownsNode {
  org_id: string
  name: string
  kind: OrgKind
  figures: FiveKnownsFigures
}

export interface TrendPoint {
  date: string
  found: number
  closed: number
}

/** Teams dispatched, in all and per level. */
export interface TeamsByLevel {
  total: number
  province: number
  city: number
  county: number
}

export interface FiveKnownsCampaign {
  teams: TeamsByLevel
  schools_in_scope: number
  schools_inspected: number
  coverage: number | null
  self_assigned: number
  self_submitted: number
}

export interface FiveKnowns extends FiveKnownsNode {
  as_of: string
  campaign_id: string | null
  children: FiveKnownsNode[]
  trend: TrendPoint[]
  campaign: FiveKnownsCampaign | null
}

export interface Campaign {
  id: string
  owner_org_id: string
  scope_org_id: string
  name: string
  start_date: string
  end_date: string
  modes: CampaignMode[]
  checklists: string[]
  state: 'open' | 'closed'
  created_by: string
  created_at: string
  closed_at: string | null
  closed_by: string | null
  version: number
}

export interface CampaignFigures {
  teams: TeamsByLevel & { by_kind: Record<string, number>; experts: number }
  schools: {
    in_scope: number
    assigned: number
    assigned_by_kind: Record<string, number>
    inspected: number
    inspected_by_source: Record<string, number>
  }
  inspections: { done: number; in_progress: number; planned: number }
  self_inspection: { assigned: number; submitted: number }
  hazards: {
    found: number
    closed: number
    overdue: number
    found_by_source: Record<string, number>
    closed_by_source: Record<string, number>
  }
}

export interface CampaignDetail extends Campaign {
  figures: CampaignFigures
  /** The owner org lies in the caller's scope (readable; false for a county on its city's campaign). */
  owner_in_scope: boolean
}

export interface Person {
  display_name: string
  role: Role
  organization: string
}

/** GET /users?assignable=member|expert: a person a bureau officer may put on a team. */
export interface Assignable extends Person {
  id: string
  scope_org_id: string
}

export interface Team {
  id: string
  campaign_id: string
  org_id: string
  level: TeamLevel
  kind: TeamKind
  name: string
  leader_name: string
  leader_rank: string
  members: string[]
  experts: string[]
  target_org_id: string | null
  schools: string[]
  start_date: string
  end_date: string
  rounds: number
  created_by: string
  version: number
  /** On single-team answers only. */
  people?: Record<string, Person>
}

export interface ChecklistItem {
  code: string
  category: HazardCategory
  text: string
  basis: string
  risk_level: RiskLevel
  photo_required: boolean
}

export interface ChecklistTemplate {
  id: string
  owner_org_id: string
  name: string
  category: HazardCategory
  current_version: number
  copied_from: string | null
  created_by: string
  version: number
}

export interface Inspection {
  id: string
  campaign_id: string | null
  team_id: string | null
  school_id: string
  school_name: string
  inspecting_org_id: string
  source: HazardSource
  external_body: string | null
  template_id: string
  template_version: number
  unannounced: boolean
  self_inspection: boolean
  state: InspectionState
  planned_date: string
  due_date: string | null
  round: number
  inspectors: string[]
  previous_id: string | null
  checked_in_at: string | null
  checked_in_by: string | null
  position: { latitude: string; longitude: string } | null
  feedback: string
  submitted_at: string | null
  submitted_by: string | null
  amend_count: number
  created_by: string
  created_at: string
  version: number
}

export interface ItemRecord {
  code: string
  result: ItemResult | null
  note: string
  photos: string[]
  hazard_id: string | null
  recorded_by: string | null
  recorded_at: string | null
  version: number
}

/** An item of GET /inspections/{id}: a checklist item, or a hazard carried from the earlier visit. */
export interface InspectionItem {
  code: string
  carried: boolean
  category?: HazardCategory
  text?: string
  basis?: string
  risk_level?: RiskLevel
  photo_required?: boolean
  hazard_id?: string
  record: ItemRecord | null
}

export interface Signature {
  role: 'inspector' | 'school'
  name: string
  at: string
}

export interface InspectionDetail extends Inspection {
  items: InspectionItem[]
  answered: number
  signatures: Signature[]
  history: JournalEntry[]
  people: Record<string, Person>
}

/** A hazard as a recorded item names it. */
export interface HazardRef {
  id: string
  number: string
  state: HazardState
  risk_level: RiskLevel
}

export interface ItemRecorded {
  inspection_id: string
  inspection_version: number
  item: ItemRecord
  hazard: HazardRef | null
}

export interface ItemsRecorded {
  inspection_id: string
  inspection_version: number
  items: ItemRecord[]
  hazards: (HazardRef & { item_code: string })[]
}

export interface ItemAnswer {
  code: string
  result: ItemResult
  note?: string
  photos?: string[]
  item_version?: number
}

export interface SelfInspectionCounts {
  assigned: number
  submitted: number
  in_progress: number
  overdue: number
}

export interface SelfInspectionProgress {
  campaign_id: string
  total: SelfInspectionCounts
  counties: (SelfInspectionCounts & { org_id: string; name: string })[]
}

export interface NewInspectionInput {
  school_id: string
  template_id: string
  team_id?: string
  campaign_id?: string
  unannounced?: boolean
  planned_date?: string
  round?: number
}

/** GET /verify/notices/{code} (public). */
export interface NoticeCheckHazard {
  number: string
  location: string
  description: string
  risk: RiskLevel
  measures: string
  deadline: string
  state: HazardState | null
  closed_at: string | null
}

export interface NoticeCheck {
  code: string
  grouped_code: string
  number: string
  bureau: string
  school: string
  inspection: string
  inspectors: string
  inspected_on: string
  date: string
  issued_at: string
  hazards: NoticeCheckHazard[]
  latest: boolean
  checks: { code: boolean; journal: boolean; entries_checked: number; bad_seqs: number[] }
  valid: boolean
}
