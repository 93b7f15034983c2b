// Who may open which page, and the side menu derived from it. Later issues add pages by adding a
// route (router/index.ts), an entry in PAGE_ROLES and, if it belongs in the menu, a MENU entry.
import type { Role } from '@/api/types'
import { ROLES } from '@/api/types'

const ALL: readonly Role[] = ROLES
/** Roles that may browse the org tree and school register (experts only see assigned tasks). */
const REGISTER: readonly Role[] = ROLES.filter((r) => r !== 'expert')
const ADMIN: readonly Role[] = ['admin']
/** Who sees org-wide figures (the five-knowns API forbids inspectors and experts). */
const FIGURES: readonly Role[] = ROLES.filter((r) => r !== 'inspector' && r !== 'expert')
const INTEGRITY: readonly Role[] = ['admin', 'bureau_officer', 'auditor']
/** Who registers hazards (domain AuthoriseRegister): school staff and the inspecting levels. */
const HAZARD_REGISTER: readonly Role[] = ['bureau_officer', 'inspector', 'expert', 'school_officer', 'principal']
/** Team records are for the dispatching levels and the teams' own people, never for schools. */
const TEAMS: readonly Role[] = ['admin', 'bureau_officer', 'inspector', 'expert', 'auditor']
/** Who follows the self-inspection of the schools (county and city officers, their inspectors, auditors). */
const SELF_PROGRESS: readonly Role[] = ['admin', 'bureau_officer', 'inspector', 'auditor']

/** Level reports (逐级上报): school and bureau staff, and those who read them (admin, auditor). */
const REPORTS: readonly Role[] = ['admin', 'bureau_officer', 'school_officer', 'principal', 'auditor']

/** Route name → roles allowed. A route that is not listed is open to every signed-in user. */
export const PAGE_ROLES: Record<string, readonly Role[]> = {
  home: ALL,
  dashboard: FIGURES,
  orgs: REGISTER,
  schools: REGISTER,
  schoolDetail: REGISTER,
  adminUsers: ADMIN,
  adminSchools: ADMIN,
  schoolNew: ADMIN,
  schoolEdit: ADMIN,
  integrity: INTEGRITY,
  hazards: ALL,
  hazardDetail: ALL,
  hazardNew: HAZARD_REGISTER,
  campaigns: ALL,
  campaignDetail: ALL,
  selfInspection: SELF_PROGRESS,
  teamDetail: TEAMS,
  inspections: ALL,
  inspection: ALL,
  // Random draws (双随机一公开): bureaus make them; auditors check them.
  draws: INTEGRITY,
  drawNew: ['admin', 'bureau_officer'],
  drawDetail: INTEGRITY,
  drawVerify: INTEGRITY,
  reports: REPORTS,
  reportDetail: REPORTS,
}

export function canAccess(role: Role | null | undefined, routeName: string): boolean {
  if (!role) return false
  const allowed = PAGE_ROLES[routeName]
  return allowed ? allowed.includes(role) : true
}

export interface MenuItem {
  /** Route name; also the i18n key under `nav.` */
  name: string
  icon: string
}

export interface MenuGroup {
  /** i18n key under `nav.` for a group title, or '' for top-level items */
  group: string
  items: MenuItem[]
}

export const MENU: MenuGroup[] = [
  {
    group: '',
    items: [
      { name: 'home', icon: 'HomeFilled' },
      { name: 'dashboard', icon: 'DataAnalysis' },
      { name: 'orgs', icon: 'OfficeBuilding' },
      { name: 'schools', icon: 'School' },
      { name: 'campaigns', icon: 'Flag' },
      { name: 'inspections', icon: 'Checked' },
      { name: 'hazards', icon: 'Warning' },
      { name: 'hazardNew', icon: 'DocumentAdd' },
      { name: 'reports', icon: 'Promotion' },
    ],
  },
  {
    group: 'admin',
    items: [
      { name: 'adminUsers', icon: 'User' },
      { name: 'adminSchools', icon: 'EditPen' },
      { name: 'draws', icon: 'Tickets' },
      { name: 'integrity', icon: 'Lock' },
    ],
  },
]

/** The menu a role sees: items it may not use are absent (not disabled); empty groups vanish. */
export function menuForRole(role: Role | null | undefined): MenuGroup[] {
  return MENU.map((g) => ({ group: g.group, items: g.items.filter((i) => canAccess(role, i.name)) })).filter(
    (g) => g.items.length > 0,
  )
}

export function menuNames(role: Role | null | undefined): string[] {
  return menuForRole(role).flatMap((g) => g.items.map((i) => i.name))
}
