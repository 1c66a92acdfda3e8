// Typed requests of the follow-up capability (docs/api/openapi.yaml, "follow-up calls").
import { get, patch, post } from '@/http/client'
import type { Page, PageQuery } from '@/api/common'

export interface Customer {
  id: number
  store_id: number | null
  name: string
  phone: string
  email: string
  preferred_channel: string
  consent: boolean
  do_not_disturb: boolean
  tags: string
  birthday: string
  external_id: string | null
  masked: boolean
  created_at: string
  updated_at: string
}

export interface CustomerInput {
  name?: string
  phone?: string
  email?: string
  store_id?: number | null
  preferred_channel?: string
  tags?: string
  consent?: boolean
  do_not_disturb?: boolean
  external_id?: string
}

export interface BusinessEvent {
  id: number
  customer_id: number
  store_id: number
  department_id: number | null
  employee_id: number | null
  type: 'sale' | 'service' | 'repair' | 'other'
  occurred_on: string
  occurred_at?: string | null
  amount_fen: number | null
  vin: string
  plate: string
  model: string
  mileage_km: number | null
  external_id: string | null
}

export interface Rule {
  id: number
  code: string
  name: string
  trigger_type: string
  store_id: number | null
  task_type: string
  offset_days: number
  window_days: number
  quiet_start_min: number
  quiet_end_min: number
  max_attempts: number
  retry_minutes: number
  survey_id: number | null
  assign_mode: string
  assign_team: number[]
  script: string
  active: boolean
}

export type Outcome = 'connected' | 'no_answer' | 'busy' | 'wrong_number' | 'refused' | 'callback'

export interface Task {
  id: number
  rule_id: number
  event_id: number
  seq: number
  customer_id: number
  store_id: number
  department_id: number | null
  task_type: string
  due_on: string
  window_end: string
  open_at: string
  close_at: string
  status: 'open' | 'done' | 'unreachable' | 'refused'
  assignee_id: number | null
  attempts: number
  failed_attempts: number
  connected_calls: number
  next_attempt_at: string | null
  last_outcome: string
  target_km: number | null
  completed_at: string | null
  customer_name: string
  rule_name: string
  calls?: Call[]
}

export interface Call {
  id: number
  task_id: number
  user_id: number | null
  outcome: Outcome
  notes: string
  callback_at: string | null
  called_at: string
}

export interface TaskDetail {
  task: Task
  rule: Rule
  customer: Customer
  event: BusinessEvent
  store: { id: number; name: string }
  calls: Call[]
}

export interface RateFigure {
  num: number
  den: number
  pct: number | null
}

export interface Figures {
  key?: number | string | null
  on_time: RateFigure
  answer_ratio: RateFigure
  reach: RateFigure
  attempts_per_task: number | null
  tasks_due: number
  tasks_attempted: number
  connected_calls: number
  attempts: number
}

export interface Stats {
  group: string
  from: string
  to: string
  total: Figures
  rows: Figures[]
}

export interface ImportError {
  row: number
  column: string
  reason: string
}

export interface ImportResult {
  id: number
  filename: string
  format: string
  rows_total: number
  rows_ok: number
  rows_failed: number
  customers_new: number
  events_new: number
  created_at: string | null
  dry_run?: boolean
  mapping?: Record<string, string>
  errors?: ImportError[]
  preview?: Array<Customer & { row: number; event?: { external_id: string; type: string; occurred_on: string } }>
}

/** A survey response of the customer as the 360° view lists it (free text "***" when masked). */
export interface CustomerResponse {
  id: number
  survey_id: number
  survey_name: string
  version: number
  channel: string
  day: string
  submitted_at: string
  event_id: number | null
  followup_task_id: number | null
  store_id: number | null
  nps_score: number | null
  nps_category: 'promoter' | 'passive' | 'detractor' | null
  alert: boolean
  csat: { top2: number; rated: number; pct: number | null }
  dimensions: Record<string, { p: number | null; e: number | null; gap: number | null }>
  points: number[] | null
  answers: { question_id: number; value?: number; values?: (number | null)[]; text?: string }[]
  text_masked: boolean
  api_url: string
  web_url: string
}

/** A complaint ticket of the customer as the 360° view lists it. */
export interface CustomerComplaint {
  id: number
  store_id: number
  department_id: number | null
  event_id: number | null
  followup_task_id: number | null
  category_id: number
  category_code: string
  category_name: string
  source: string
  severity: 'normal' | 'urgent' | 'critical' | string
  state: string
  title: string
  created_at: string
  closed_at: string | null
  api_url: string
  web_url: string
}

export interface Overview {
  customer: Customer
  events: BusinessEvent[]
  tasks: Task[]
  responses: CustomerResponse[]
  complaints: CustomerComplaint[]
  /** personal data (phone, e-mail, answer texts) is masked for the caller */
  masked: boolean
  /** the caller may ask for it in full (audit-logged) */
  can_reveal: boolean
}

export const listCustomers = (query: PageQuery & { q?: string; store_id?: number } = {}) =>
  get<Page<Customer>>('/customers', query)
export const createCustomer = (body: CustomerInput) => post<Customer>('/customers', body)
export const updateCustomer = (id: number, body: CustomerInput) => patch<Customer>(`/customers/${id}`, body)
export const revealCustomer = (id: number) => post<Customer>(`/customers/${id}/reveal`)
/** The 360° view; reveal = personal data in full (cr_agent; written to the audit log). */
export const customerOverview = (id: number, reveal = false) =>
  get<Overview>(`/customers/${id}/overview`, reveal ? { reveal: 1 } : undefined)

export const listRules = () => get<Page<Rule>>('/followup/rules')
export const updateRule = (id: number, body: Partial<Rule>) => patch<Rule>(`/followup/rules/${id}`, body)

export type View = 'today' | 'retry' | 'overdue' | 'upcoming' | 'done' | 'all'
export const listTasks = (query: PageQuery & { view?: View; mine?: number; unassigned?: number; store_id?: number }) =>
  get<Page<Task>>('/followup/tasks', query)
export const getTask = (id: number) => get<TaskDetail>(`/followup/tasks/${id}`)
export const claimTask = (id: number) => post<Task>(`/followup/tasks/${id}/claim`)
export const assignTask = (id: number, assignee: number | null) =>
  post<Task>(`/followup/tasks/${id}/assign`, { assignee_id: assignee })
export const recordCall = (id: number, body: { outcome: Outcome; notes?: string; callback_at?: string }) =>
  post<{ task: Task; call: Call }>(`/followup/tasks/${id}/calls`, body)

export const getStats = (query: { group: string; from?: string; to?: string; store_id?: number }) =>
  get<Stats>('/followup/stats', query)

export function uploadImport(file: File, format: string, dryRun: boolean): Promise<ImportResult> {
  const q = new URLSearchParams({ format, filename: file.name, dry_run: dryRun ? '1' : '0' })
  return post<ImportResult>(`/imports?${q.toString()}`, file)
}
export const listImports = (query: PageQuery = {}) => get<Page<ImportResult>>('/imports', query)
export const importErrorsUrl = (id: number) => `/api/v1/imports/${id}/errors`
