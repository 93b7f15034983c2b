// Verifiable random draws (双随机一公开; docs/api.md "Draws", docs/draw_algorithm.md).
import { API_BASE, api } from './client'
import type { ListPage } from './types'

export type LocationClass = 'urban' | 'town' | 'fringe' | 'rural'
export type DrawState = 'committed' | 'executed' | 'infeasible'

/** The definition, docs/draw_algorithm.md §1.1 (normal form when it comes back from the server). */
export interface DrawDefinition {
  as_of: string
  counties: string[]
  exclude?: { closed: boolean; inspected_within_days: number }
  population?: { ownerships: string[]; types: string[] }
  rotation?: boolean
  sample?: {
    size: number
    min_ratio_permille?: number
    min_rules?: { count: number; location_classes: LocationClass[] }[]
  }
  team?: { size: number; min_rules?: { count: number; field: string }[]; recuse_inspected_county?: boolean }
}

export type DrawProblemKind =
  | 'stratum_short'
  | 'stratum_rule_short'
  | 'rotation_impossible'
  | 'inspectors_short'
  | 'inspectors_rule_short'
  | 'inspectors_total_short'
  | 'team_short'

export interface DrawProblem {
  kind: DrawProblemKind
  county: string | null
  by_county: string | null
  rule: number | null
  need: number
  have: number
  message: string
}

export interface DrawRegisterVersion {
  id: string | null
  kind: 'schools' | 'inspectors'
  org_id: string
  number: number
  sha256: string
  count: number
  published_by: string | null
  published_at: string | null
  records?: Record<string, unknown>[]
}

export interface DrawPlan {
  feasible: boolean
  problems: DrawProblem[]
  definition: DrawDefinition
  registers: { schools: DrawRegisterVersion; inspectors: DrawRegisterVersion }
}

export interface DrawnSchool {
  id: string
  code: string
  location_class: LocationClass
  rule: number
}
export interface DrawnInspector {
  id: string
  field: string
  rule: number
}
export interface DrawTeam {
  county: string
  inspected_by: string | null
  eligible: number
  sample_size: number
  schools: DrawnSchool[]
  inspectors: DrawnInspector[]
}

export interface DrawSummary {
  id: string
  org_id: string
  name: string
  state: DrawState
  format: string
  counties: string[]
  commitment: string
  committed_by: string
  committed_at: string
  executed_by: string | null
  executed_at: string | null
  version: number
}

export interface Draw extends DrawSummary {
  definition: DrawDefinition
  canonical_definition: string
  registers: { schools: { id: string; sha256: string }; inspectors: { id: string; sha256: string } }
  seed: string | null
  public_value: string | null
  result: { teams: DrawTeam[] } | null
  problems: DrawProblem[]
  names: Record<string, string>
}

export interface DrawCheck {
  draw_id: string
  identical: boolean
  difference: string | null
  commitment: string
  commitment_matches: boolean
  schools: number
  inspectors: number
  teams: number
  problems: number
}

export interface DrawRequest {
  org_id: string
  name: string
  definition: DrawDefinition
}

const enc = encodeURIComponent

export const DrawApi = {
  list: (page = 1, page_size = 50) => api.get<ListPage<DrawSummary>>('/draws', { query: { page, page_size } }),
  get: (id: string) => api.get<Draw>(`/draws/${enc(id)}`),
  check: (r: DrawRequest) => api.post<DrawPlan>('/draws/check', r),
  create: (r: DrawRequest) => api.post<Draw>('/draws', r),
  execute: (id: string, public_value: string) => api.post<Draw>(`/draws/${enc(id)}/execute`, { public_value }),
  verify: (id: string) => api.get<DrawCheck>(`/draws/${enc(id)}/verify`),
  latestRegister: (kind: 'schools' | 'inspectors', org_id: string) =>
    api.get<DrawRegisterVersion>('/draw-registers', { query: { kind, org_id } }),
}

/** Where the browser downloads a draw's export (the session cookie authorises the plain link). */
export function drawExportUrl(id: string): string {
  return `${API_BASE}/draws/${enc(id)}/export`
}

/** SHA-256(seed ‖ D) in the browser, when WebCrypto is available (secure contexts); else null. */
export async function commitmentOf(seedHex: string, canonicalDefinition: string): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle
  if (!subtle || !/^[0-9a-f]{64}$/.test(seedHex)) return null
  const seed = new Uint8Array(32)
  for (let i = 0; i < 32; i++) seed[i] = parseInt(seedHex.slice(2 * i, 2 * i + 2), 16)
  const d = new TextEncoder().encode(canonicalDefinition)
  const buf = new Uint8Array(seed.length + d.length)
  buf.set(seed, 0)
  buf.set(d, seed.length)
  const digest = new Uint8Array(await subtle.digest('SHA-256', buf))
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')
}
