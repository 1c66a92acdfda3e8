/** 员工. phone and email arrive masked for cr_agent, staff and auditor. */
export interface Employee {
  id: number
  store_id: number
  department_id: number
  name: string
  employee_no: string
  position: string
  phone: string
  email: string
  active: boolean
  created_at: string
  updated_at: string
}

export type EmployeeInput = Pick<
  Employee,
  'store_id' | 'department_id' | 'name' | 'employee_no' | 'position' | 'phone' | 'email'
>

export interface EmployeeQuery {
  store_id?: number
  department_id?: number
  q?: string
  limit?: number
  after?: number
}
