import { get } from '@/http/client'
import type { RoleInfo } from './types'

export const listRoles = async (): Promise<RoleInfo[]> =>
  (await get<{ items: RoleInfo[] }>('/roles')).items
