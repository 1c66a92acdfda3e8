// The sidebar entry of the complaint capability (投诉处理闭环): replaces the "coming soon" item.
import { Warning } from '@element-plus/icons-vue'
import type { NavItem } from '@/router/navigation'

const nav: NavItem = { key: 'complaints', icon: Warning, route: 'complaints-inbox' }
export default nav
