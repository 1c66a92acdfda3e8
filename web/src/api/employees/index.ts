import { del, get, patch, post } from '@/http/client'
import { fetchAll, type Page } from '@/api/common'
import type { Employee, EmployeeInput, EmployeeQuery } from './types'

export const listEmployees = (query: EmployeeQuery = {}) => get<Page<Employee>>('/employees', query)
export const listAllEmployees = (query: Omit<EmployeeQuery, 'limit' | 'after'> = {}) =>
  fetchAll<Employee>('/employees', query)
export const createEmployee = (body: EmployeeInput) => post<Employee>('/employees', body)
export const updateEmployee = (id: number, body: Partial<EmployeeInput> & { active?: boolean }) =>
  patch<Employee>(`/employees/${id}`, body)
export const deactivateEmployee = (id: number) => del(`/employees/${id}`)
