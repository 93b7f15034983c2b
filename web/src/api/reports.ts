// Level reports (逐级上报; docs/api.md "Level reports", docs/level-reports.md).
import { API_BASE, api } from './client'
import type { ListPage } from './types'

export type ReportState = 'awaiting_approval' | 'submitted' | 'accepted' | 'returned'

export interface ReportFigures {
  counts: { total: number; open: number; closed: number; voided: number; by_category: Record<string, number>; by_source: Record<string, number> }
  risk: { all: Record<string, number>; open: Record<string, number> }
  measures: { open_with_plan: number; red_open: number; red_open_with_interim: number; red_open_five_in_place: number }
  deadlines: { overdue: number; due_soon: number; extended: number }
  progress: { closed_share: string | null; median_days_to_close: string | null; rejections: number }
  campaign: {
    teams: number
    teams_province: number
    teams_city: number
    teams_county: number
    schools_in_scope: number
    schools_inspected: number
    coverage: string | null
    inspections_done: number
    self_assigned: number
    self_submitted: number
  }
}

export interface ReportChild {
  org_id: string
  name: string
  report_id: string
  sha256: string
}

export interface ReportBody {
  format: string
  report_id: string
  org: { id: string; name: string; kind: string; code: string }
  supervising_org: { id: string; name: string }
  campaign: { id: string; name: string; start_date: string; end_date: string }
  period_end: string
  figures: ReportFigures
  checkpoint: { seq: number; hash: string }
  children: ReportChild[]
  missing_children: { org_id: string; name: string }[]
  supersedes: { report_id: string; sha256: string; return_reason: string } | null
  prepared_at: string
}

export interface ReportSummary {
  id: string
  org_id: string
  org_name: string
  org_kind: string
  supervising_org_id: string
  supervising_org_name: string
  campaign_id: string
  campaign_name: string
  period_end: string
  state: ReportState
  supersedes: string | null
  sha256: string
  signature: { algorithm: string; public_key: string; value: string; valid: boolean }
  checkpoint: { seq: number; hash: string }
  children_reported: number
  children_missing: number
  prepared_by: string
  prepared_at: string
  approved_by: string | null
  approved_at: string | null
  submitted_at: string | null
  decided_by: string | null
  decided_at: string | null
  return_reason: string | null
  version: number
}

export interface ReportDifference {
  path: string
  reported: unknown
  now: unknown
}

export interface Report extends ReportSummary {
  body: ReportBody
  hash_valid: boolean
  changed_since_report: boolean
  differences: ReportDifference[]
}

export interface ReportPreview {
  body: ReportBody
  live_report: ReportSummary | null
}

export interface ReportQuery {
  org?: string
  campaign?: string
  state?: ReportState
  to?: string
  page?: number
  page_size?: number
}

const enc = encodeURIComponent

export const ReportApi = {
  list: (q: ReportQuery) => api.get<ListPage<ReportSummary>>('/reports', { query: { page_size: 100, ...q } }),
  preview: (org: string, campaign: string) => api.get<ReportPreview>('/reports/preview', { query: { org, campaign } }),
  create: (org: string, campaign: string) => api.post<Report>('/reports', { org, campaign }),
  get: (id: string) => api.get<Report>(`/reports/${enc(id)}`),
  approve: (id: string, version: number) => api.post<Report>(`/reports/${enc(id)}/approve`, {}, { ifMatch: version }),
  accept: (id: string, version: number) => api.post<Report>(`/reports/${enc(id)}/accept`, {}, { ifMatch: version }),
  giveBack: (id: string, version: number, reason: string) =>
    api.post<Report>(`/reports/${enc(id)}/return`, { reason }, { ifMatch: version }),
}

/** Where the browser downloads a report's export (the session cookie authorises the plain link). */
export function reportExportUrl(id: string): string {
  return `${API_BASE}/reports/${enc(id)}/export`
}

/** The roles that prepare their own org's report (domain MayPrepareReport). */
export const PREPARERS = ['school_officer', 'principal', 'bureau_officer'] as const
