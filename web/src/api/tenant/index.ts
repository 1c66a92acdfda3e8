import { get, patch } from '@/http/client'
import type { Tenant } from './types'

export const fetchTenant = () => get<Tenant>('/tenant')
export const updateTenant = (body: Partial<Pick<Tenant, 'name' | 'timezone'>>) =>
  patch<Tenant>('/tenant', body)
