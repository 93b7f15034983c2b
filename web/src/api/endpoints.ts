import { api } from './client'
import type {
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

  integrity: () => api.get<IntegrityInfo>('/integrity'),
  verify: () => api.post<VerifyResult>('/integrity/verify'),
}
