export interface Tenant {
  id: number
  name: string
  timezone: string
  created_at: string
}
