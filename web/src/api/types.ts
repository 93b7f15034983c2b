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
