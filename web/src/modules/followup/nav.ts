// The sidebar entry of the follow-up capability: replaces the "coming soon" followUps item.
import { Phone } from '@element-plus/icons-vue'
import type { NavItem } from '@/router/navigation'

const nav: NavItem = { key: 'followUps', icon: Phone, route: 'followup-queue' }
export default nav
