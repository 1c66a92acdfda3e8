import type { Role } from '@/api/users/types'

/** One entry of GET /roles. The UI labels roles from its own locale files. */
export interface RoleInfo {
  name: Role
  label: string
  scope: 'tenant' | 'store' | 'department'
}
