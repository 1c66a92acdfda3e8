// Satisfaction measurement: NPS with its margin, CSAT and SERVQUAL figures of a survey.
import type { RouteRecordRaw } from 'vue-router'

const routes: RouteRecordRaw[] = [
  { path: 'measurement', name: 'measurement-figures', component: () => import('./views/FiguresView.vue'), meta: { title: 'nav.measurement' } },
]
export default routes
