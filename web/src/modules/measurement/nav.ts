// The sidebar entry of satisfaction measurement (满意度测评): the survey figures page.
import { TrendCharts } from '@element-plus/icons-vue'
import type { NavItem } from '@/router/navigation'

const nav: NavItem = { key: 'measurement', icon: TrendCharts, route: 'measurement-figures' }
export default nav
