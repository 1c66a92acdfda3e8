import { get, post } from '@/http/client'
import type { LoginRequest, PasswordChange, Session } from './types'

export const login = (body: LoginRequest) => post<Session>('/auth/login', body)
export const logout = () => post<void>('/auth/logout')
export const fetchMe = () => get<Session>('/auth/me')
export const changePassword = (body: PasswordChange) => post<void>('/auth/password', body)
