// Pages of the follow-up capability (回访管理) under the main layout; one module layout holds
// the capability's own tabs (queue, customers, import, rules, figures).
import type { RouteRecordRaw } from 'vue-router'

const routes: RouteRecordRaw[] = [
  {
    path: 'followups',
    component: () => import('./views/FollowupLayout.vue'),
    children: [
      { path: '', redirect: { name: 'followup-queue' } },
      { path: 'queue', name: 'followup-queue', component: () => import('./views/QueueView.vue'), meta: { title: 'nav.followUps' } },
      { path: 'tasks/:id', name: 'followup-call', component: () => import('./views/CallView.vue'), meta: { title: 'nav.followUps' } },
      { path: 'customers', name: 'followup-customers', component: () => import('./views/CustomersView.vue'), meta: { title: 'nav.followUps' } },
      { path: 'customers/:id', name: 'followup-customer', component: () => import('./views/CustomerView.vue'), meta: { title: 'nav.followUps' } },
      { path: 'import', name: 'followup-import', component: () => import('./views/ImportView.vue'), meta: { title: 'nav.followUps' } },
      { path: 'rules', name: 'followup-rules', component: () => import('./views/RulesView.vue'), meta: { title: 'nav.followUps' } },
      { path: 'stats', name: 'followup-stats', component: () => import('./views/StatsView.vue'), meta: { title: 'nav.followUps' } },
    ],
  },
]
export default routes
