// Typed requests of surveys and feedback collection (docs/api/openapi.yaml, "surveys").
import { get, patch, post, del } from '@/http/client'
import type { Page } from '@/api/common'

export type Txt = Record<string, string>
export type QType = 'nps' | 'rating' | 'matrix' | 'single' | 'multi' | 'yesno' | 'text' | 'points'
export const QTYPES: QType[] = ['nps', 'rating', 'matrix', 'single', 'multi', 'yesno', 'text', 'points']
export const DIMS = ['reliability', 'assurance', 'tangibles', 'empathy', 'responsiveness'] as const
export const LANGS = ['zh-CN', 'zh-TW', 'en'] as const
export const OPS = ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'chosen', 'not_chosen'] as const

export interface Row { text: Txt; dimension?: string; role?: 'P' | 'E'; pair?: number }
export interface Question {
  id: number
  type: QType
  required?: boolean
  text: Txt
  scale?: [number, number]
  labels?: { min?: Txt; max?: Txt }
  dimension?: string
  role?: 'P' | 'E'
  pair?: number
  touchpoint?: string
  indicator?: string
  rows?: Row[]
  options?: { text: Txt }[]
  other_option?: number
  min_choices?: number
  max_choices?: number
  max_chars?: number
  show_if?: { question: number; op: string; value: number }
  /** "points": how each dimension is put to the respondent (default: the dimension's name) */
  dimension_texts?: Record<string, Txt>
}
export interface Definition {
  title: Txt
  intro?: Txt
  languages?: string[]
  questions: Question[]
  weights?: Record<string, number>
  alert?: { nps_detractor?: boolean; dim_threshold?: number }
  commitment_days?: number
  incentive?: { text?: Txt } | null
}
export interface Survey {
  id: number
  name: string
  template: string
  status: 'draft' | 'published' | 'archived'
  current_version: number
  draft_changed: boolean
  definition?: Definition
  created_at: string
  updated_at: string
}
export interface Answer { question_id: number; value?: number; values?: (number | null)[]; text?: string }
export interface SurveyResponse {
  id: number
  version: number
  channel: string
  store_id: number | null
  customer_id: number | null
  answers: Answer[]
  nps_score: number | null
  alert: boolean
  submitted_at: string
  /** free text (text answers, "other" texts) came as "***": personal data the caller's role does not see */
  text_masked?: boolean
  can_reveal?: boolean
}
/** A page that may hold personal data: masked when some of it was hidden; can_reveal when the caller may ask with reveal=1 (audited). */
export type MaskedPage<T> = Page<T> & { masked: boolean; can_reveal: boolean }
export interface Invitation {
  id: number
  channel: string
  recipient: string
  status: string
  lang: string
  expires_at: string
  sent_at: string | null
  responded_at: string | null
  token?: string
  url?: string
}
export interface SurveyLink { id: number; kind: 'qr' | 'link'; key: string; url: string; store_id: number | null; touchpoint: string; label: string }
export interface NpsFig { n: number; defined: boolean; score: number | null; margin_95: number | null; promoters_pct: number; passives_pct: number; detractors_pct: number }
export interface CsatFig { defined: boolean; pct: number | null; top2: number; rated: number }
export interface DimFig { code: string; name_zh: string; mean_p: number | null; mean_e: number | null; gap: number | null; p_n: number; e_n: number; weight: number | null }
export interface GroupFig { n: number; alerts: number; nps: NpsFig; csat: CsatFig; channel?: string; day?: string }
export interface Figures extends GroupFig {
  servqual: {
    dimensions: DimFig[]; unweighted: number | null; weighted: number | null
    /** where the weights came from; "respondents": the average "share 100 points" allocation of points_n respondents */
    weights_source: 'none' | 'configured' | 'respondents'; points_n: number; asks_points: boolean; points_sum: number[] | null
  }
  by_channel: GroupFig[]
  trend: GroupFig[]
}
export interface Channels {
  invitations: { channel: string; invited: number; sent: number; responded: number; opted_out: number; response_rate: number | null }[]
  responses: { channel: string; responses: number }[]
}
export interface ImportResult { columns: string[]; rows: number; imported: number; duplicates: number; failed: number; dry_run: boolean; errors: { row: number; field: string; message: string }[]; preview: { row: number; answers: Answer[] }[] }

export const listTemplates = () => get<{ items: { name: string; title: Txt }[] }>('/survey-templates')
export const listSurveys = (after?: number) => get<Page<Survey>>('/surveys', { limit: 200, after })
export const getSurvey = (id: number) => get<Survey>(`/surveys/${id}`)
export const createSurvey = (body: { name?: string; template?: string; definition?: Definition }) => post<Survey>('/surveys', body)
export const updateSurvey = (id: number, body: { name?: string; definition?: Definition }) => patch<Survey>(`/surveys/${id}`, body)
export const archiveSurvey = (id: number) => del(`/surveys/${id}`)
export const publishSurvey = (id: number) => post<Survey>(`/surveys/${id}/publish`)
export const getVersion = (id: number, v: number) => get<{ definition: Definition; version: number }>(`/surveys/${id}/versions/${v}`)
export const getFigures = (id: number, q: Record<string, unknown>) => get<Figures>(`/surveys/${id}/figures`, q)
export const getChannels = (id: number) => get<Channels>(`/surveys/${id}/channels`)
export const listResponses = (id: number, after?: number, reveal = false) =>
  get<MaskedPage<SurveyResponse>>(`/surveys/${id}/responses`, { limit: 50, after, ...(reveal ? { reveal: 1 } : {}) })
export const submitResponse = (id: number, body: Record<string, unknown>) => post<{ id: number; alert: boolean; alert_reason: string }>(`/surveys/${id}/responses`, body)
export const listInvitations = (id: number) => get<Page<Invitation>>(`/surveys/${id}/invitations`, { limit: 200 })
export const createInvitation = (id: number, body: Record<string, unknown>) => post<Invitation>(`/surveys/${id}/invitations`, body)
export const revokeInvitation = (invitationId: number) => post<Invitation>(`/survey-invitations/${invitationId}/revoke`)
export const listLinks = (id: number) => get<{ items: SurveyLink[] }>(`/surveys/${id}/links`)
export const createLink = (id: number, body: Record<string, unknown>) => post<SurveyLink>(`/surveys/${id}/links`, body)
export const importCsv = (id: number, body: Record<string, unknown>) => post<ImportResult>(`/surveys/${id}/imports`, body)
export const qrUrl = (linkId: number, format: 'png' | 'svg' = 'png') => `/api/v1/survey-links/${linkId}/qr?format=${format}&base=${encodeURIComponent(location.origin)}`

/** Points shared so far in a "points" answer (empty boxes count 0). */
export const pointsSum = (a: Answer | undefined): number => (a?.values ?? []).reduce<number>((s, v) => s + (v ?? 0), 0)

/** The text in the wanted language, else Chinese, else any. */
export function tr(x: Txt | undefined, lang: string): string {
  if (!x) return ''
  return x[lang] ?? x['zh-CN'] ?? Object.values(x)[0] ?? ''
}

/** Conditional display, the same rule as core/survey.c (an unanswered or hidden source hides). */
export function isVisible(q: Question, qs: Question[], answers: Record<number, Answer>): boolean {
  const c = q.show_if
  if (!c) return true
  const src = qs.find((x) => x.id === c.question)
  if (!src || !isVisible(src, qs, answers)) return false
  const a = answers[c.question]
  if (!a) return false
  if (c.op === 'chosen' || c.op === 'not_chosen') {
    const has = (a.values ?? []).includes(c.value)
    return c.op === 'chosen' ? has : !has
  }
  if (a.value === undefined) return false
  const v = a.value
  return { eq: v === c.value, ne: v !== c.value, lt: v < c.value, le: v <= c.value, gt: v > c.value, ge: v >= c.value }[c.op] ?? false
}

/** The answers to send: visible and answered questions only, matrix rows padded with null. */
export function collectAnswers(qs: Question[], answers: Record<number, Answer>): Answer[] {
  const out: Answer[] = []
  for (const q of qs) {
    const a = answers[q.id]
    if (!a || !isVisible(q, qs, answers)) continue
    if (q.type === 'matrix') {
      const values = (q.rows ?? []).map((_, i) => a.values?.[i] ?? null)
      if (values.some((v) => v !== null)) out.push({ question_id: q.id, values })
    } else if (q.type === 'multi') {
      if (a.values?.length) out.push({ question_id: q.id, values: a.values, ...(a.text ? { text: a.text } : {}) })
    } else if (q.type === 'points') {
      // five values in DIMS order; a box left empty counts 0 once any is filled
      if (a.values?.some((v) => v !== null && v !== undefined)) out.push({ question_id: q.id, values: DIMS.map((_, i) => a.values?.[i] ?? 0) })
    } else if (q.type === 'text') {
      if (a.text?.trim()) out.push({ question_id: q.id, text: a.text.trim() })
    } else if (a.value !== undefined) {
      out.push({ question_id: q.id, value: a.value, ...(a.text && q.type === 'single' && a.value === q.other_option ? { text: a.text } : {}) })
    }
  }
  return out
}
