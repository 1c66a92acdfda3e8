import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { onUnauthorized } from '@/http/client'
import { useSessionStore } from '@/stores/session'
import type { NavItem } from './navigation'

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title */
    title?: string
    public?: boolean
    requires?: NavItem['requires']
  }
}

// pages of the capability modules (src/modules/*/routes.ts), mounted under the main layout
const moduleRoutes: RouteRecordRaw[] = Object.values(
  import.meta.glob<{ default: RouteRecordRaw[] }>('../modules/*/routes.ts', { eager: true }),
).flatMap((m) => m.default)

const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/login/LoginView.vue'),
    meta: { public: true, title: 'login.title' },
  },
  {
    path: '/',
    component: () => import('@/layout/AppLayout.vue'),
    children: [
      { path: '', name: 'dashboard', component: () => import('@/views/dashboard/DashboardView.vue'), meta: { title: 'nav.dashboard' } },
      { path: 'stores', name: 'stores', component: () => import('@/views/stores/StoresView.vue'), meta: { title: 'nav.stores' } },
      { path: 'departments', name: 'departments', component: () => import('@/views/departments/DepartmentsView.vue'), meta: { title: 'nav.departments' } },
      { path: 'employees', name: 'employees', component: () => import('@/views/employees/EmployeesView.vue'), meta: { title: 'nav.employees' } },
      { path: 'users', name: 'users', component: () => import('@/views/users/UsersView.vue'), meta: { title: 'nav.users', requires: 'readUsers' } },
      { path: 'audit', name: 'audit', component: () => import('@/views/audit/AuditView.vue'), meta: { title: 'nav.audit', requires: 'readAudit' } },
      { path: 'tokens', name: 'tokens', component: () => import('@/views/tokens/TokensView.vue'), meta: { title: 'nav.tokens', requires: 'manageTokens' } },
      { path: 'password', name: 'password', component: () => import('@/views/account/PasswordView.vue'), meta: { title: 'nav.password' } },
      ...moduleRoutes,
      { path: ':pathMatch(.*)*', name: 'not-found', component: () => import('@/views/NotFoundView.vue'), meta: { title: 'notFound.title' } },
    ],
  },
]

export const router = createRouter({
  history: createWebHistory(),
  routes,
})

router.beforeEach(async (to) => {
  const session = useSessionStore()
  if (!session.checked) {
    try {
      await session.restore()
    } catch {
      // server unreachable: treat as signed out so the login page can say so
      session.clear()
    }
  }
  if (to.meta.public) {
    return session.user && to.name === 'login' ? { name: 'dashboard' } : true
  }
  if (!session.user) {
    return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } }
  }
  if (to.meta.requires && !session.can[to.meta.requires]) {
    return { name: 'dashboard' }
  }
  return true
})

onUnauthorized(() => {
  const session = useSessionStore()
  session.clear()
  const current = router.currentRoute.value
  if (!current.meta.public) {
    void router.replace({ name: 'login', query: { redirect: current.fullPath } })
  }
})
