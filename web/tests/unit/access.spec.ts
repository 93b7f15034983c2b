import { describe, expect, it } from 'vitest'
import { canAccess, menuForRole, menuNames, MENU, PAGE_ROLES } from '@/nav/access'
import { routes } from '@/router'
import { ROLES } from '@/api/types'

describe('menu by role', () => {
  it('gives each role exactly its items', () => {
    // The dashboard shows org-wide figures: not for inspectors and experts (the API forbids them).
    const everyone = ['home', 'dashboard', 'orgs', 'schools', 'campaigns', 'inspections', 'hazards', 'hazardNew']
    // Admins and auditors read hazards but do not register them.
    const readOnly = ['home', 'dashboard', 'orgs', 'schools', 'campaigns', 'inspections', 'hazards']
    // Level reports (逐级上报): school and bureau staff, and the readers (admin, auditor).
    expect(menuNames('admin')).toEqual([...readOnly, 'reports', 'adminUsers', 'adminSchools', 'draws', 'integrity'])
    expect(menuNames('bureau_officer')).toEqual([...everyone, 'reports', 'draws', 'integrity'])
    expect(menuNames('auditor')).toEqual([...readOnly, 'reports', 'draws', 'integrity'])
    expect(menuNames('inspector')).toEqual(everyone.filter((n) => n !== 'dashboard'))
    expect(menuNames('school_officer')).toEqual([...everyone, 'reports'])
    expect(menuNames('principal')).toEqual([...everyone, 'reports'])
    expect(menuNames('expert')).toEqual(['home', 'campaigns', 'inspections', 'hazards', 'hazardNew'])
    expect(menuNames(null)).toEqual([])
  })

  it('drops empty groups instead of showing them', () => {
    expect(menuForRole('inspector').map((g) => g.group)).toEqual([''])
    expect(menuForRole('admin').map((g) => g.group)).toEqual(['', 'admin'])
  })

  it('guards pages with the same rules as the menu', () => {
    expect(canAccess('auditor', 'adminUsers')).toBe(false)
    expect(canAccess('auditor', 'integrity')).toBe(true)
    expect(canAccess('admin', 'schoolEdit')).toBe(true)
    expect(canAccess('bureau_officer', 'schoolNew')).toBe(false)
    expect(canAccess('expert', 'schools')).toBe(false)
    expect(canAccess('inspector', 'notFound')).toBe(true)
    // Team records never go to schools; self-inspection progress is for the levels above them.
    expect(canAccess('school_officer', 'teamDetail')).toBe(false)
    expect(canAccess('principal', 'selfInspection')).toBe(false)
    expect(canAccess('expert', 'selfInspection')).toBe(false)
    expect(canAccess('expert', 'teamDetail')).toBe(true)
    expect(canAccess('bureau_officer', 'selfInspection')).toBe(true)
    expect(canAccess('school_officer', 'inspection')).toBe(true)
    expect(canAccess('inspector', 'reports')).toBe(false)
    expect(canAccess('expert', 'reportDetail')).toBe(false)
    expect(canAccess('principal', 'reportDetail')).toBe(true)
  })

  it('every menu item and access rule names a real route', () => {
    const names = new Set<string>()
    const walk = (rs: typeof routes) => {
      for (const r of rs) {
        if (typeof r.name === 'string') names.add(r.name)
        if (r.children) walk(r.children)
      }
    }
    walk(routes)
    for (const g of MENU) for (const i of g.items) expect(names.has(i.name), i.name).toBe(true)
    for (const n of Object.keys(PAGE_ROLES)) expect(names.has(n), n).toBe(true)
    for (const roles of Object.values(PAGE_ROLES)) for (const r of roles) expect(ROLES).toContain(r)
  })
})
