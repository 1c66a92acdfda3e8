// The sidebar: a place for every capability of PRODUCT.md. Entries without a route are not
// built yet and show disabled with a "coming soon" tag.
import type { Component } from 'vue'
import {
  Briefcase,
  ChatDotRound,
  DataAnalysis,
  Document,
  EditPen,
  House,
  OfficeBuilding,
  Phone,
  Setting,
  Star,
  Stamp,
  TrendCharts,
  Trophy,
  Warning,
  MagicStick,
  Flag,
} from '@element-plus/icons-vue'
import type { useSessionStore } from '@/stores/session'

type Permission = keyof ReturnType<typeof useSessionStore>['can']

export interface NavItem {
  /** i18n key under nav.* */
  key: string
  icon?: Component
  /** Route name; absent while the capability is not built. */
  route?: string
  /** Shown only when the signed-in role has this permission. */
  requires?: Permission
  children?: NavItem[]
}

// a built capability module (src/modules/*/nav.ts) replaces its "coming soon" entry by key
const moduleNav: NavItem[] = Object.values(
  import.meta.glob<{ default: NavItem }>('../modules/*/nav.ts', { eager: true }),
).map((m) => m.default)

function withModules(items: NavItem[]): NavItem[] {
  return items.map((item) => moduleNav.find((m) => m.key === item.key) ?? item)
}

export const NAVIGATION: NavItem[] = withModules([
  { key: 'dashboard', icon: House, route: 'dashboard' },
  {
    key: 'organization',
    icon: OfficeBuilding,
    children: [
      { key: 'stores', icon: Briefcase, route: 'stores' },
      { key: 'departments', route: 'departments' },
      { key: 'employees', route: 'employees' },
      { key: 'users', route: 'users', requires: 'readUsers' },
    ],
  },
  { key: 'measurement', icon: TrendCharts },
  { key: 'surveys', icon: Document },
  { key: 'followUps', icon: Phone },
  { key: 'complaints', icon: Warning },
  { key: 'serviceAudit', icon: Stamp },
  { key: 'performance', icon: Trophy },
  { key: 'employeeFeedback', icon: ChatDotRound },
  { key: 'momentsOfTruth', icon: Flag },
  { key: 'improvement', icon: MagicStick },
  { key: 'loyalty', icon: Star },
  { key: 'textAnalysis', icon: DataAnalysis },
  {
    key: 'settings',
    icon: Setting,
    children: [
      { key: 'audit', route: 'audit', requires: 'readAudit' },
      { key: 'tokens', route: 'tokens', requires: 'manageTokens' },
      { key: 'password', icon: EditPen, route: 'password' },
    ],
  },
])
