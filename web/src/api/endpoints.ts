import { API_BASE, api } from './client'
import type {
  Assignable,
  Campaign,
  CampaignDetail,
  ChecklistTemplate,
  EvidenceUpload,
  FiveKnowns,
  SelfCheck,
  Inspection,
  InspectionDetail,
  InspectionState,
  ItemAnswer,
  ItemRecorded,
  ItemsRecorded,
  NewInspectionInput,
  NoticeCheck,
  SelfInspectionProgress,
  Team,
  Hazard,
  HazardDetail,
  HazardExtension,
  HazardPlanInput,
  NewHazard,
  Health,
  IntegrityInfo,
  ListPage,
  LoginResponse,
  MeResponse,
  Org,
  Role,
  School,
  User,
  VerifyResult,
} from './types'

export interface SchoolQuery {
  q?: string
  org?: string
  type?: string
  ownership?: string
  location_class?: string
  boarding?: '' | 'true' | 'false'
  page?: number
  page_size?: number
}

export interface UserQuery {
  q?: string
  role?: string
  page?: number
  page_size?: number
}

export interface NewUser {
  username: string
  display_name: string
  role: Role
  scope_org_id: string
  password: string
  organization: string
}

export type UserPatch = Partial<Pick<User, 'display_name' | 'role' | 'scope_org_id' | 'organization' | 'disabled'>>
export type SchoolInput = Omit<School, 'id' | 'version' | 'org_id' | 'parent_name'>
export type SchoolPatch = Partial<Omit<SchoolInput, 'code' | 'parent_id'>>

const enc = encodeURIComponent

/** GET /hazards parameters (strings as they go on the wire; see utils/hazards.ts filtersToQuery). */
export type HazardQuery = Record<string, string | number | undefined>

export interface ExtensionResult {
  extension: HazardExtension
  hazard: Hazard
}

export const LEDGERS = ['hazards.xlsx', 'hazards.csv', 'rectifications.xlsx', 'rectifications.csv'] as const
export type LedgerFile = (typeof LEDGERS)[number]

/** Where the browser downloads a ledger of an org (a plain link: the session cookie authorises it). */
export function ledgerUrl(orgId: string, file: LedgerFile): string {
  return `${API_BASE}/orgs/${enc(orgId)}/ledgers/${file}`
}

const hz = (id: string) => `/hazards/${enc(id)}`
const ins = (id: string) => `/inspections/${enc(id)}`
const cmp = (id: string) => `/campaigns/${enc(id)}`

/** GET /inspections filters (docs/api.md). */
export interface InspectionQuery {
  campaign_id?: string
  team_id?: string
  school_id?: string
  org_id?: string
  state?: InspectionState | ''
  self_inspection?: 'true' | 'false' | ''
  /** Only those the caller inspects (on the plan or on its team). */
  mine?: '1' | ''
  page?: number
  page_size?: number
}

export type BulletinLang = 'zh-Hans' | 'zh-Hant' | 'en'

/** Where the browser opens a campaign bulletin (a plain link: the session cookie authorises it). */
export function bulletinUrl(campaignId: string, lang: BulletinLang, format: 'txt' | 'pdf'): string {
  return `${API_BASE}/campaigns/${enc(campaignId)}/bulletin?lang=${lang}&format=${format}`
}

export const Api = {
  login: (username: string, password: string) =>
    api.post<LoginResponse>('/session', { username, password }, { quiet401: true }),
  logout: () => api.del<void>('/session', { quiet401: true }),
  me: (quiet = true) => api.get<MeResponse>('/me', { quiet401: quiet }),
  health: () => api.get<Health>('/health'),

  org: (id: string) => api.get<Org>(`/orgs/${enc(id)}`),
  orgChildren: (id: string) => api.get<{ items: Org[] }>(`/orgs/${enc(id)}/children`),

  schools: (q: SchoolQuery) => api.get<ListPage<School>>('/schools', { query: { ...q } }),
  school: (id: string) => api.get<School>(`/schools/${enc(id)}`),
  createSchool: (s: SchoolInput) => api.post<School>('/schools', s),
  updateSchool: (id: string, version: number, patch: SchoolPatch) =>
    api.patch<School>(`/schools/${enc(id)}`, patch, { ifMatch: version }),

  users: (q: UserQuery) => api.get<ListPage<User>>('/users', { query: { ...q } }),
  createUser: (u: NewUser) => api.post<User>('/users', u),
  updateUser: (id: string, version: number, patch: UserPatch) =>
    api.patch<User>(`/users/${enc(id)}`, patch, { ifMatch: version }),
  setPassword: (id: string, password: string) => api.post<void>(`/users/${enc(id)}/password`, { password }),

  hazards: (q: HazardQuery) => api.get<ListPage<Hazard>>('/hazards', { query: { ...q } }),
  hazard: (id: string) => api.get<HazardDetail>(hz(id)),
  createHazard: (h: NewHazard) => api.post<Hazard>('/hazards', h),
  planHazard: (id: string, version: number, p: HazardPlanInput) =>
    api.post<Hazard>(hz(id) + '/plan', p, { ifMatch: version }),
  startHazard: (id: string, version: number) => api.post<Hazard>(hz(id) + '/start', {}, { ifMatch: version }),
  progressHazard: (id: string, version: number, note: string, evidence: string[]) =>
    api.post<Hazard>(hz(id) + '/progress', { note, evidence }, { ifMatch: version }),
  submitHazard: (id: string, version: number, note: string, evidence: string[]) =>
    api.post<Hazard>(hz(id) + '/submit', { note, evidence }, { ifMatch: version }),
  reviewHazard: (id: string, version: number, decision: 'close' | 'reject', reason: string) =>
    api.post<Hazard>(hz(id) + '/review', { decision, reason }, { ifMatch: version }),
  voidHazard: (id: string, version: number, reason: string) =>
    api.post<Hazard>(hz(id) + '/void', { reason }, { ifMatch: version }),
  requestExtension: (id: string, version: number, new_deadline: string, reason: string) =>
    api.post<ExtensionResult>(hz(id) + '/extensions', { new_deadline, reason }, { ifMatch: version }),
  decideExtension: (id: string, eid: string, version: number, decision: 'approve' | 'deny', reason: string) =>
    api.post<ExtensionResult>(`${hz(id)}/extensions/${enc(eid)}/decision`, { decision, reason }, { ifMatch: version }),
  uploadEvidence: (file: Blob) => api.post<EvidenceUpload>('/evidence', undefined, { raw: file }),

  campaigns: (page = 1, page_size = 50) => api.get<ListPage<Campaign>>('/campaigns', { query: { page, page_size } }),
  campaign: (id: string) => api.get<CampaignDetail>(cmp(id)),
  campaignTeams: (id: string, page = 1, page_size = 20) =>
    api.get<ListPage<Team>>(cmp(id) + '/teams', { query: { page, page_size } }),
  team: (id: string) => api.get<Team>(`/teams/${enc(id)}`),
  createCampaign: (body: Record<string, unknown>) => api.post<Campaign>('/campaigns', body),
  updateCampaign: (id: string, version: number, patch: Record<string, unknown>) =>
    api.patch<Campaign>(cmp(id), patch, { ifMatch: version }),
  closeCampaign: (id: string, version: number) => api.post<Campaign>(cmp(id) + '/close', {}, { ifMatch: version }),
  createTeam: (campaignId: string, body: Record<string, unknown>) => api.post<Team>(cmp(campaignId) + '/teams', body),
  updateTeam: (id: string, version: number, patch: Record<string, unknown>) =>
    api.patch<Team>(`/teams/${enc(id)}`, patch, { ifMatch: version }),
  /** People a bureau officer may put on a team (the pickers). */
  assignableUsers: (seat: 'member' | 'expert', q: string, page_size = 20) =>
    api.get<ListPage<Assignable>>('/users', { query: { assignable: seat, q: q || undefined, page: 1, page_size } }),
  checklists: () => api.get<ListPage<ChecklistTemplate>>('/checklists', { query: { page: 1, page_size: 200 } }),

  inspections: (q: InspectionQuery) => api.get<ListPage<Inspection>>('/inspections', { query: { ...q } }),
  inspection: (id: string) => api.get<InspectionDetail>(ins(id)),
  planInspection: (p: NewInspectionInput) => api.post<Inspection>('/inspections', p),
  checkIn: (id: string, version: number, pos: { latitude: string; longitude: string } | null) =>
    api.post<Inspection>(ins(id) + '/check-in', pos ?? {}, { ifMatch: version }),
  /** One item; `itemVersion` (If-Match) once the item was recorded before. */
  recordItem: (id: string, a: Omit<ItemAnswer, 'code' | 'item_version'>, code: string, itemVersion?: number) =>
    api.post<ItemRecorded>(`${ins(id)}/items/${enc(code)}`, a, itemVersion ? { ifMatch: itemVersion } : {}),
  /** Several items in one journal entry, all or nothing (answers kept on the phone while offline). */
  recordItems: (id: string, items: ItemAnswer[]) => api.post<ItemsRecorded>(ins(id) + '/items', { items }),
  giveFeedback: (id: string, version: number, feedback: string) =>
    api.post<Inspection>(ins(id) + '/feedback', { feedback }, { ifMatch: version }),
  sign: (id: string, version: number, role: 'inspector' | 'school', name: string) =>
    api.post<Inspection>(ins(id) + '/signatures', { role, name }, { ifMatch: version }),
  submitInspection: (id: string, version: number) => api.post<Inspection>(ins(id) + '/submit', {}, { ifMatch: version }),

  selfInspection: (campaignId: string, orgId?: string) =>
    api.get<SelfInspectionProgress>(cmp(campaignId) + '/self-inspections', { query: { org_id: orgId } }),
  selfInspectionSchools: (campaignId: string, q: { org_id?: string; state?: string; page?: number; page_size?: number }) =>
    api.get<ListPage<Inspection>>(cmp(campaignId) + '/self-inspections/schools', { query: { ...q } }),
  remindSelfInspection: (campaignId: string, orgId?: string) =>
    api.post<{ reminded: number }>(cmp(campaignId) + '/self-inspections/remind', orgId ? { org_id: orgId } : {}),
  fiveKnowns: (orgId: string, q: { campaign?: string; as_of?: string } = {}) =>
    api.get<FiveKnowns>(`/orgs/${enc(orgId)}/five-knowns`, { query: { ...q } }),
  selfCheck: (orgId: string, q: { campaign?: string; as_of?: string } = {}) =>
    api.get<SelfCheck>(`/orgs/${enc(orgId)}/self-check`, { query: { ...q } }),
  verifyNotice: (code: string) => api.get<NoticeCheck>(`/verify/notices/${enc(code)}`, { quiet401: true }),

  integrity: () => api.get<IntegrityInfo>('/integrity'),
  verify: () => api.post<VerifyResult>('/integrity/verify'),
}
