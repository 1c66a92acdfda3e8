import { del, get, patch, post } from '@/http/client'
import { fetchAll, type Page } from '@/api/common'
import type { Department, DepartmentInput, DepartmentQuery } from './types'

export const listDepartments = (query: DepartmentQuery = {}) =>
  get<Page<Department>>('/departments', query)
export const listAllDepartments = (query: { store_id?: number } = {}) =>
  fetchAll<Department>('/departments', query)
export const createDepartment = (body: DepartmentInput) => post<Department>('/departments', body)
export const updateDepartment = (
  id: number,
  body: Partial<DepartmentInput> & { active?: boolean },
) => patch<Department>(`/departments/${id}`, body)
export const deactivateDepartment = (id: number) => del(`/departments/${id}`)
