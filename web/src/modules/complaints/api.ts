// Typed requests of the complaint capability (docs/api/openapi.yaml, "complaints").
import { get, patch, post } from '@/http/client'
import { fetchAll, type Page } from '@/api/common'

export type TicketState =
  | 'registered' | 'assigned' | 'in_progress' | 'result_written'
  | 'returned_to_cr' | 'verifying' | 'closed' | 'reopened'
export type Severity = 'normal' | 'urgent' | 'critical'
export type Source = 'followup_call' | 'survey' | 'hotline' | 'walk_in' | 'online' | 'manufacturer'
export type Action =
  | 'assign' | 'accept' | 'write_result' | 'return_to_cr' | 'start_verify' | 'close' | 'reopen' | 'escalate'

export const STATES: TicketState[] = [
  'registered', 'assigned', 'in_progress', 'result_written', 'returned_to_cr', 'verifying', 'reopened', 'closed',
]
export const SEVERITIES: Severity[] = ['normal', 'urgent', 'critical']
export const SOURCES: Source[] = ['followup_call', 'survey', 'hotline', 'walk_in', 'online', 'manufacturer']
export const CLEAR_STEPS = ['control', 'listen', 'establish', 'apologize', 'resolve'] as const
export type ClearStep = (typeof CLEAR_STEPS)[number]

export interface Ticket {
  id: number
  store_id: number
  store_name: string
  department_id: number | null
  department_name: string
  suggested_department_id: number | null
  assignee_user_id: number | null
  assignee_name: string
  registered_by: number | null
  customer_id: number | null
  customer_name: string
  customer_phone: string
  event_id: number | null
  followup_task_id: number | null
  alert_id: number | null
  source: Source
  category_id: number
  category_name: string
  severity: Severity
  title: string
  description: string
  state: TicketState
  escalation_level: number
  clear: Record<ClearStep, boolean> & { complete: boolean }
  result: { root_cause: string; action_taken: string; remedy: string; recovery_strategy: string }
  recomplaint_of: number | null
  recomplaint_count: number
  is_recomplaint: boolean
  sla: {
    stage: string
    due: string | null
    level: number
    overdue: boolean
    first_response_due: string
    first_response_at: string | null
    resolution_due: string
    resolved_at: string | null
  }
  verify_count: number
  verify_satisfied: number
  closed_at: string | null
  created_at: string
  updated_at: string
}

export interface TicketInput {
  source: Source
  category_id: number
  severity: Severity
  title: string
  description: string
  customer_id?: number | null
  event_id?: number | null
  followup_task_id?: number | null
  store_id?: number | null
}

export interface TimelineEntry {
  id: number
  at: string
  user_id: number | null
  username: string
  kind: string
  from_state: string
  to_state: string
  note: string
  data: Record<string, unknown>
}

export interface Category {
  id: number
  code: string
  name: string
  scripts: string
  strategies: string
  sort_order: number
  active: boolean
}

export interface CorrectiveAction {
  id: number
  ticket_id: number
  store_id: number
  title: string
  owner_name: string
  due_at: string
  evidence: string
  state: 'open' | 'done' | 'verified'
  overdue: boolean
  verify_note: string
  done_at: string | null
  verified_at: string | null
}

export interface Attachment {
  id: number
  filename: string
  content_type: string
  size_bytes: number
  created_at: string
}

export interface Assignee {
  user_id: number
  display_name: string
  department_id: number
  department_name: string
}

export interface Notification {
  id: number
  kind: string
  ticket_id: number | null
  title: string
  body: string
  created_at: string
  read: boolean
}

export interface Rate { num: number; den: number; pct: number | null }
export interface Figures {
  complaints: number
  events: number
  complaint_rate: Rate
  first_response_on_time: Rate
  resolution_on_time: Rate
  verification_satisfaction: Rate
  recomplaint_rate: Rate
  handling_minutes: { n: number; mean: number | null; p90: number | null }
}
export interface Stats {
  overall: Figures
  groups: { key: number; label: string; figures: Figures }[]
  open_by_age: { bucket: string; count: number }[]
}

export interface Settings {
  sla_mode: 'working' | 'calendar'
  weekday_mask: number
  work_start_min: number
  work_end_min: number
  holidays: string
  extra_workdays: string
  sla: Record<Severity, { first_response: number; resolution: number; verification: number }>
  recomplaint_days: number
  webhook_url: string
  webhook_secret_set: boolean
}

export interface TransitionBody {
  action: Action
  assignee_user_id?: number
  note?: string
  root_cause?: string
  action_taken?: string
  remedy?: string
  recovery_strategy?: string
}

type Query = Record<string, string | number | undefined>

export const listTickets = (q: Query = {}) => get<Page<Ticket>>('/complaints', { limit: 200, ...q })
/** Every ticket matching q (up to 2000, following next_after). */
export const listAllTickets = (q: Query = {}) => fetchAll<Ticket>('/complaints', q)
export const getTicket = (id: number) => get<Ticket>(`/complaints/${id}`)
export const createTicket = (body: TicketInput) => post<Ticket>('/complaints', body)
export const transition = (id: number, body: TransitionBody) =>
  post<Ticket>(`/complaints/${id}/transitions`, body)
export const setClear = (id: number, body: Record<ClearStep, boolean>) =>
  patch<Ticket>(`/complaints/${id}/clear`, body)
export const addNote = (id: number, note: string) => post<void>(`/complaints/${id}/notes`, { note })
export const timeline = (id: number) => get<Page<TimelineEntry>>(`/complaints/${id}/timeline`)
export const listActions = (id: number) => get<Page<CorrectiveAction>>(`/complaints/${id}/actions`)
export const createAction = (id: number, body: { title: string; owner_name: string; due_at: string }) =>
  post<CorrectiveAction>(`/complaints/${id}/actions`, body)
export const updateAction = (id: number, actionId: number, body: Record<string, string>) =>
  patch<CorrectiveAction>(`/complaints/${id}/actions/${actionId}`, body)
export const listAllActions = (q: Query = {}) =>
  get<Page<CorrectiveAction>>('/corrective-actions', { limit: 200, ...q })
export const listAttachments = (id: number) => get<Page<Attachment>>(`/complaints/${id}/attachments`)
export const attachmentUrl = (id: number, attId: number) => `/api/v1/complaints/${id}/attachments/${attId}`
export const listCategories = () => get<Page<Category>>('/complaint-categories')
export const createCategory = (body: Partial<Category>) => post<Category>('/complaint-categories', body)
export const updateCategory = (id: number, body: Partial<Category>) =>
  patch<Category>(`/complaint-categories/${id}`, body)
export const listAssignees = (storeId?: number) =>
  get<Page<Assignee>>('/complaint-assignees', storeId ? { store_id: storeId } : {})
export const getSettings = () => get<Settings>('/complaint-settings')
export const updateSettings = (body: Partial<Settings> & { webhook_secret?: string }) =>
  patch<Settings>('/complaint-settings', body)
export const getStats = (q: Query) => get<Stats>('/complaint-stats', q)
export const listNotifications = () =>
  get<{ items: Notification[]; unread: number }>('/notifications', { limit: 100 })
export const readNotification = (id: number) => post<void>(`/notifications/${id}/read`)
/** The file goes as the raw body; the browser sends its type as Content-Type. */
export const uploadAttachment = (id: number, file: File) =>
  post<Attachment>(`/complaints/${id}/attachments?filename=${encodeURIComponent(file.name)}`, file)
