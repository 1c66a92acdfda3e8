export const ROLES = [
  'admin',
  'store_manager',
  'dept_manager',
  'cr_agent',
  'staff',
  'auditor',
] as const
export type Role = (typeof ROLES)[number]

export interface User {
  id: number
  username: string
  display_name: string
  role: Role
  store_id: number | null
  department_id: number | null
  employee_id: number | null
  active: boolean
  created_at: string
  last_login_at: string | null
}

export interface UserCreate {
  username: string
  display_name: string
  role: Role
  store_id: number | null
  department_id: number | null
  employee_id: number | null
  password: string
}

export type UserUpdate = Partial<Omit<UserCreate, 'username'>> & { active?: boolean }

/** Roles whose scope is a store or a department (docs/api/README.md, "User"). */
export const ROLES_NEEDING_STORE: readonly Role[] = ['store_manager', 'cr_agent']
export const ROLES_NEEDING_DEPARTMENT: readonly Role[] = ['dept_manager', 'staff']
