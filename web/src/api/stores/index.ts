import { del, get, patch, post } from '@/http/client'
import { fetchAll, type Page, type PageQuery } from '@/api/common'
import type { Store, StoreInput } from './types'

export const listStores = (query: PageQuery = {}) => get<Page<Store>>('/stores', query)
export const listAllStores = () => fetchAll<Store>('/stores')
export const getStore = (id: number) => get<Store>(`/stores/${id}`)
export const createStore = (body: StoreInput) => post<Store>('/stores', body)
export const updateStore = (id: number, body: Partial<StoreInput> & { active?: boolean }) =>
  patch<Store>(`/stores/${id}`, body)
export const deactivateStore = (id: number) => del(`/stores/${id}`)
