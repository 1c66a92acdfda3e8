// Typed requests of the follow-up capability (docs/api/openapi.yaml, "follow-up calls").
import { ApiError, errorMessageFor, get, patch, post } from '@/http/client'
import type { Page, PageQuery } from '@/api/common'
import { fetchMe } from '@/api/auth'

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
  /** who works the rule's tasks: the store's CR agents, or the event's department's staff / manager */
  assign_role: AssignRole
  assign_team: number[]
  script: string
  active: boolean
}

/** The roles a rule may give its tasks to (docs/api/README.md, "Follow-up tasks by role"). */
export type AssignRole = 'cr_agent' | 'staff' | 'dept_manager'
export const ASSIGN_ROLES: AssignRole[] = ['cr_agent', 'staff', 'dept_manager']
/** Roles whose users work their own follow-up queue. */
export const takesTasks = (role: string | null | undefined): role is AssignRole =>
  ASSIGN_ROLES.includes(role as AssignRole)

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
  /** the role whose users work it (fixed when the task was made) */
  assign_role: AssignRole
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

export type ImportStatus = 'running' | 'done' | 'failed' | 'interrupted'

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
  /** running while a background import works (counts: the batches committed so far) */
  status?: ImportStatus
  bytes_total?: number
  bytes_done?: number
  error?: string | null
  upload_id?: number | null
  finished_at?: string | null
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
/** The task's customer unmasked for the call (open tasks; written to the audit log). */
export const revealTaskCustomer = (id: number) => post<Customer>(`/followup/tasks/${id}/reveal`)
/** The rule's survey answered in the call, linked to the task (once per task). */
export const submitTaskResponse = (id: number, answers: unknown[]) =>
  post<{ id: number; survey_id: number; version: number; alert: boolean; alert_reason: string; nps_category: string | null }>(
    `/followup/tasks/${id}/response`, { answers })

export const getStats = (query: { group: string; from?: string; to?: string; store_id?: number }) =>
  get<Stats>('/followup/stats', query)

export function uploadImport(file: File, format: string, dryRun: boolean): Promise<ImportResult> {
  const q = new URLSearchParams({ format, filename: file.name, dry_run: dryRun ? '1' : '0' })
  return post<ImportResult>(`/imports?${q.toString()}`, file)
}
export const listImports = (query: PageQuery = {}) => get<Page<ImportResult>>('/imports', query)
export const importErrorsUrl = (id: number) => `/api/v1/imports/${id}/errors`
export const getImport = (id: number) => get<ImportResult>(`/imports/${id}`)
/** The first `limit` rows of an import's error report, for the result table. */
export const importErrors = (id: number, limit = 200) =>
  get<{ items: ImportError[]; rows_failed: number }>(`/imports/${id}/errors`, { format: 'json', limit })

// --- uploads in parts (large files) -------------------------------------------------------------

/** A file sent to the server in parts (POST /import-uploads, PUT …?offset=N). */
export interface ImportUpload {
  id: number
  filename: string
  size: number
  received: number
  complete: boolean
  import_id: number | null
  part_max_bytes: number
}

/** Files above this size go in parts and are imported in the background. */
export const PARTS_FROM_BYTES = 4 << 20
/** Parts of at most this size (and of at most the server's part_max_bytes). */
const PART_BYTES = 4 << 20
const MAX_RETRIES = 5

/** A part the server refused; `received` says where it stands (409 at the wrong offset). */
export class PartError extends ApiError {
  readonly received?: number
  constructor(status: number, code: string, field?: string, detail?: string, received?: number) {
    super(status, code, errorMessageFor(code), field, detail)
    this.received = received
  }
}

export const createUpload = (filename: string, size: number) =>
  post<ImportUpload>('/import-uploads', { filename, size })
export const getUpload = (id: number) => get<ImportUpload>(`/import-uploads/${id}`)

let csrfToken: string | null = null
async function csrf(refresh: boolean): Promise<string> {
  if (csrfToken === null || refresh) csrfToken = (await fetchMe()).csrf_token
  return csrfToken
}

/** PUT one part with XMLHttpRequest, for its upload progress events. */
function putPart(id: number, offset: number, part: Blob, token: string, onSent: (bytes: number) => void): Promise<ImportUpload> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('PUT', `/api/v1/import-uploads/${id}?offset=${offset}`)
    xhr.withCredentials = true
    xhr.setRequestHeader('Content-Type', 'application/octet-stream')
    xhr.setRequestHeader('Accept', 'application/json')
    xhr.setRequestHeader('X-CSRF-Token', token)
    xhr.upload.onprogress = (ev) => onSent(ev.loaded)
    xhr.onerror = () => reject(new PartError(0, 'network'))
    xhr.ontimeout = () => reject(new PartError(0, 'network'))
    xhr.onload = () => {
      let body: unknown
      try {
        body = JSON.parse(xhr.responseText)
      } catch {
        body = undefined
      }
      if (xhr.status === 200) {
        resolve(body as ImportUpload)
        return
      }
      const e = (body as { error?: { code?: string; field?: string; message?: string; received?: number } } | undefined)?.error
      reject(new PartError(xhr.status, e?.code ?? (xhr.status >= 500 ? 'internal' : 'unknown'), e?.field, e?.message, e?.received))
    }
    xhr.send(part)
  })
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Sends `file` in parts from where the server stands (a new upload, or `upload` to resume one),
 * retrying a failed part from the server's `received` (up to MAX_RETRIES times in a row, waiting
 * 1, 2, 4 … s). onState sees every state the server confirms, so that a later call resumes.
 */
export async function uploadInParts(
  file: File,
  opts: {
    upload?: ImportUpload | null
    onState?: (u: ImportUpload) => void
    onProgress?: (sent: number, total: number) => void
  } = {},
): Promise<ImportUpload> {
  let up = opts.upload ?? (await createUpload(file.name, file.size))
  opts.onState?.(up)
  const partBytes = Math.min(up.part_max_bytes, PART_BYTES)
  let failures = 0
  let token = await csrf(false)
  while (up.received < up.size) {
    const offset = up.received
    const part = file.slice(offset, Math.min(up.size, offset + partBytes))
    try {
      up = await putPart(up.id, offset, part, token, (sent) => opts.onProgress?.(offset + sent, up.size))
      failures = 0
    } catch (err) {
      const e = err instanceof PartError ? err : new PartError(0, 'network')
      if (e.status === 409 && e.field === 'offset' && e.received !== undefined && e.received !== offset) {
        up = { ...up, received: e.received } // the server has more (or less) than we thought: go on from there
        opts.onState?.(up)
        continue
      }
      failures += 1
      const transient = e.status === 0 || e.status === 409 || e.status === 429 || e.status >= 500 || e.code === 'csrf'
      if (!transient || failures > MAX_RETRIES) throw e
      await sleep(1000 * 2 ** (failures - 1))
      if (e.code === 'csrf') token = await csrf(true)
      try {
        up = await getUpload(up.id) // where the server stands now
        opts.onState?.(up)
      } catch {
        /* keep what we knew; the next attempt tells */
      }
    }
    opts.onProgress?.(up.received, up.size)
    opts.onState?.(up)
  }
  return up
}
