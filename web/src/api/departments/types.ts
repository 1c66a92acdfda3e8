export const DEPARTMENT_KINDS = ['sales', 'after_sales', 'cr', 'admin', 'other'] as const
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number]

/** 部门 */
export interface Department {
  id: number
  store_id: number
  name: string
  kind: DepartmentKind
  active: boolean
  created_at: string
  updated_at: string
}

export type DepartmentInput = Pick<Department, 'store_id' | 'name' | 'kind'>

export interface DepartmentQuery {
  store_id?: number
  limit?: number
  after?: number
}
