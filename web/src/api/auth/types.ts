import type { Tenant } from '@/api/tenant/types'
import type { User } from '@/api/users/types'

export interface LoginRequest {
  username: string
  password: string
}

/** Answer of POST /auth/login and GET /auth/me. */
export interface Session {
  user: User
  tenant: Tenant
  csrf_token: string
}

export interface PasswordChange {
  old_password: string
  new_password: string
}
