import { del, get, patch, post } from '@/http/client'
import { fetchAll, type Page, type PageQuery } from '@/api/common'
import type { User, UserCreate, UserUpdate } from './types'

export const listUsers = (query: PageQuery = {}) => get<Page<User>>('/users', query)
export const listAllUsers = () => fetchAll<User>('/users')
export const createUser = (body: UserCreate) => post<User>('/users', body)
export const updateUser = (id: number, body: UserUpdate) => patch<User>(`/users/${id}`, body)
export const deactivateUser = (id: number) => del(`/users/${id}`)
