export interface AuditEntry {
  id: number
  at: string
  user_id: number | null
  username: string | null
  action: string
  entity: string
  entity_id: number | null
  before: unknown
  after: unknown
  ip: string | null
}

/** Newest first; `after` is an id and pages go downwards. */
export interface AuditQuery {
  entity?: string
  entity_id?: number
  user_id?: number
  limit?: number
  after?: number
}
