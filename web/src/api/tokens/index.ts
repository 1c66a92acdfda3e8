import { del, get, post } from '@/http/client'
import type { Page, PageQuery } from '@/api/common'
import type { ApiToken, ApiTokenCreate, ApiTokenCreated } from './types'

export const listTokens = (query: PageQuery = {}) => get<Page<ApiToken>>('/tokens', query)
export const createToken = (body: ApiTokenCreate) => post<ApiTokenCreated>('/tokens', body)
export const revokeToken = (id: number) => del(`/tokens/${id}`)
