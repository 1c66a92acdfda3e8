import type { Role } from '@/api/users/types'

/** An API token for integrations; the secret itself is only in the creation answer. */
export interface ApiToken {
  id: number
  name: string
  role: Role
  /** The first characters of the secret, to recognise a token without revealing it. */
  prefix?: string
  store_id: number | null
  department_id: number | null
  created_by: number | null
  created_at: string
  last_used_at: string | null
  revoked_at: string | null
}

export interface ApiTokenCreate {
  name: string
  role: Role
  store_id: number | null
  department_id: number | null
}

export interface ApiTokenCreated extends ApiToken {
  token: string
}
