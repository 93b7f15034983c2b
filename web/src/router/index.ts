import { createRouter, createWebHistory, type RouteLocationRaw, type RouteRecordRaw, type Router } from 'vue-router'
import { useAuthStore } from '@/stores/auth'
import { canAccess } from '@/nav/access'

declare module 'vue-router' {
  interface RouteMeta {
    /** Open without a session */
    public?: boolean
    /** i18n key of the page title */
    title?: string
    /** Route names of the breadcrumb trail above this page (home is implied) */
    parents?: string[]
  }
}

export const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('@/views/LoginView.vue'), meta: { public: true, title: 'login.title' } },
  {
    path: '/verify/notice/:code',
    name: 'verifyNotice',
    component: () => import('@/views/VerifyNoticeView.vue'),
    meta: { public: true, title: 'verifyNotice.title' },
  },
  {
    path: '/',
    component: () => import('@/layouts/AppLayout.vue'),
    children: [
      { path: '', name: 'home', component: () => import('@/views/HomeView.vue'), meta: { title: 'nav.home' } },
      { path: 'dashboard', name: 'dashboard', component: () => import('@/views/DashboardView.vue'), meta: { title: 'nav.dashboard' } },
      { path: 'orgs', name: 'orgs', component: () => import('@/views/OrgBrowserView.vue'), meta: { title: 'nav.orgs' } },
      { path: 'schools', name: 'schools', component: () => import('@/views/SchoolListView.vue'), meta: { title: 'nav.schools' } },
      {
        path: 'schools/:id',
        name: 'schoolDetail',
        component: () => import('@/views/SchoolDetailView.vue'),
        meta: { title: 'nav.schoolDetail', parents: ['schools'] },
      },
      {
        path: 'admin/users',
        name: 'adminUsers',
        component: () => import('@/views/admin/UsersView.vue'),
        meta: { title: 'nav.adminUsers' },
      },
      {
        path: 'admin/schools',
        name: 'adminSchools',
        component: () => import('@/views/SchoolListView.vue'),
        props: { admin: true },
        meta: { title: 'nav.adminSchools' },
      },
      {
        path: 'admin/schools/new',
        name: 'schoolNew',
        component: () => import('@/views/admin/SchoolFormView.vue'),
        meta: { title: 'nav.schoolNew', parents: ['adminSchools'] },
      },
      {
        path: 'admin/schools/:id/edit',
        name: 'schoolEdit',
        component: () => import('@/views/admin/SchoolFormView.vue'),
        meta: { title: 'nav.schoolEdit', parents: ['adminSchools'] },
      },
      { path: 'hazards', name: 'hazards', component: () => import('@/views/HazardListView.vue'), meta: { title: 'nav.hazards' } },
      {
        path: 'hazards/new',
        name: 'hazardNew',
        component: () => import('@/views/HazardRegisterView.vue'),
        meta: { title: 'nav.hazardNew', parents: ['hazards'] },
      },
      {
        path: 'hazards/:id',
        name: 'hazardDetail',
        component: () => import('@/views/HazardDetailView.vue'),
        meta: { title: 'nav.hazardDetail', parents: ['hazards'] },
      },
      { path: 'campaigns', name: 'campaigns', component: () => import('@/views/CampaignListView.vue'), meta: { title: 'nav.campaigns' } },
      {
        path: 'campaigns/:id',
        name: 'campaignDetail',
        component: () => import('@/views/CampaignDetailView.vue'),
        meta: { title: 'nav.campaignDetail', parents: ['campaigns'] },
      },
      {
        path: 'campaigns/:id/self-inspection',
        name: 'selfInspection',
        component: () => import('@/views/SelfInspectionView.vue'),
        meta: { title: 'nav.selfInspection', parents: ['campaigns'] },
      },
      {
        path: 'teams/:id',
        name: 'teamDetail',
        component: () => import('@/views/TeamDetailView.vue'),
        meta: { title: 'nav.teamDetail', parents: ['campaigns'] },
      },
      { path: 'inspections', name: 'inspections', component: () => import('@/views/InspectionListView.vue'), meta: { title: 'nav.inspections' } },
      {
        path: 'inspections/:id',
        name: 'inspection',
        component: () => import('@/views/InspectionRunnerView.vue'),
        meta: { title: 'nav.inspection', parents: ['inspections'] },
      },
      { path: 'draws', name: 'draws', component: () => import('@/views/draws/DrawListView.vue'), meta: { title: 'nav.draws' } },
      {
        path: 'draws/new',
        name: 'drawNew',
        component: () => import('@/views/draws/DrawWizardView.vue'),
        meta: { title: 'nav.drawNew', parents: ['draws'] },
      },
      {
        path: 'draws/:id',
        name: 'drawDetail',
        component: () => import('@/views/draws/DrawDetailView.vue'),
        meta: { title: 'nav.drawDetail', parents: ['draws'] },
      },
      {
        path: 'draws/:id/verify',
        name: 'drawVerify',
        component: () => import('@/views/draws/DrawVerifyView.vue'),
        meta: { title: 'nav.drawVerify', parents: ['draws'] },
      },
      { path: 'reports', name: 'reports', component: () => import('@/views/reports/ReportListView.vue'), meta: { title: 'nav.reports' } },
      {
        path: 'reports/:id',
        name: 'reportDetail',
        component: () => import('@/views/reports/ReportDetailView.vue'),
        meta: { title: 'nav.reportDetail', parents: ['reports'] },
      },
      { path: 'integrity', name: 'integrity', component: () => import('@/views/IntegrityView.vue'), meta: { title: 'nav.integrity' } },
      { path: ':pathMatch(.*)*', name: 'notFound', component: () => import('@/views/NotFoundView.vue'), meta: { title: 'nav.notFound' } },
    ],
  },
]

/** Only same-app paths are accepted as a post-login target. */
export function safeRedirect(r: unknown): string {
  if (typeof r !== 'string' || !r.startsWith('/') || r.startsWith('//') || r.startsWith('/login')) return '/'
  return r
}

export function installGuards(router: Router): void {
  router.beforeEach(async (to): Promise<RouteLocationRaw | boolean> => {
    const auth = useAuthStore()
    const signedIn = await auth.ensureChecked()
    if (to.meta.public) {
      if (to.name === 'login' && signedIn) return safeRedirect(to.query.redirect)
      return true
    }
    if (!signedIn) {
      return { name: 'login', query: to.fullPath && to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
    }
    if (typeof to.name === 'string' && !canAccess(auth.role, to.name)) {
      return { name: 'notFound', params: { pathMatch: to.path.slice(1).split('/') } }
    }
    return true
  })
}

export function makeRouter(history = createWebHistory()): Router {
  const router = createRouter({ history, routes, scrollBehavior: () => ({ top: 0 }) })
  installGuards(router)
  return router
}
