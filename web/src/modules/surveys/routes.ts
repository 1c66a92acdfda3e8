// Pages of surveys and feedback collection under the main layout: the list, one survey (design
// and preview, distribution, responses, import), the agent's fill page used in a follow-up call
// (/surveys/:id/fill?customer_id=&event_id=&followup_task_id=), and a printable QR card.
import type { RouteRecordRaw } from 'vue-router'

const meta = { title: 'nav.surveys' }
const routes: RouteRecordRaw[] = [
  { path: 'surveys', name: 'surveys-list', component: () => import('./views/SurveysList.vue'), meta },
  { path: 'surveys/:id(\\d+)', name: 'surveys-detail', component: () => import('./views/SurveyDetail.vue'), meta },
  { path: 'surveys/:id(\\d+)/fill', name: 'surveys-fill', component: () => import('./views/FillView.vue'), meta },
  { path: 'surveys/:id(\\d+)/links/:link(\\d+)/card', name: 'surveys-card', component: () => import('./views/QrCard.vue'), meta },
]
export default routes
