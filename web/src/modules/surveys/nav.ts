// The sidebar entry of surveys and feedback (问卷与反馈): replaces the "coming soon" item.
import { Document } from '@element-plus/icons-vue'
import type { NavItem } from '@/router/navigation'

const nav: NavItem = { key: 'surveys', icon: Document, route: 'surveys-list' }
export default nav
