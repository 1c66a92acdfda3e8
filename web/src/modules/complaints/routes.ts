// Pages of the complaint capability under the main layout; one module layout holds the tabs
// (inbox / queue, board, corrective actions, figures, notifications, settings).
import type { RouteRecordRaw } from 'vue-router'

const meta = { title: 'nav.complaints' }
const routes: RouteRecordRaw[] = [
  {
    path: 'complaints',
    component: () => import('./views/ComplaintsLayout.vue'),
    children: [
      { path: '', name: 'complaints-inbox', component: () => import('./views/ListView.vue'), meta },
      // the follow-up call screen's "登记投诉" opens this with customer_id, event_id, followup_task_id
      { path: 'new', name: 'complaints-new', component: () => import('./views/NewView.vue'), meta },
      { path: 'board', name: 'complaints-board', component: () => import('./views/BoardView.vue'), meta },
      { path: 'actions', name: 'complaints-actions', component: () => import('./views/ActionsView.vue'), meta },
      { path: 'figures', name: 'complaints-figures', component: () => import('./views/FiguresView.vue'), meta },
      { path: 'notifications', name: 'complaints-notifications', component: () => import('./views/NotificationsView.vue'), meta },
      { path: 'settings', name: 'complaints-settings', component: () => import('./views/SettingsView.vue'), meta },
      { path: ':id(\\d+)', name: 'complaints-detail', component: () => import('./views/DetailView.vue'), meta },
    ],
  },
]
export default routes
