// The one HTTP client of the admin app: same-origin cookies, the CSRF header on writes,
// API errors turned into ApiError with a translated message, and 401 sent back to the login page.
import axios, { AxiosError, type AxiosRequestConfig } from 'axios'
import { i18n } from '@/locales'

export interface ApiErrorBody {
  error: { code: string; message?: string; field?: string }
}

/** An API failure, with the message already translated into the current language. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly field?: string
  /** The server's own (untranslated) explanation, useful as detail next to a field. */
  readonly detail?: string

  constructor(status: number, code: string, message: string, field?: string, detail?: string) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.field = field
    this.detail = detail
  }
}

const SAFE_METHODS = new Set(['get', 'head', 'options'])

let csrfToken: string | null = null
let unauthorizedHandler: (() => void) | null = null

export function setCsrfToken(token: string | null): void {
  csrfToken = token
}

/** Called on a 401 from any request but login and /auth/me (those answer their caller). */
export function onUnauthorized(handler: () => void): void {
  unauthorizedHandler = handler
}

export function errorMessageFor(code: string): string {
  const key = `errors.${code}`
  return i18n.global.te(key) ? i18n.global.t(key) : i18n.global.t('errors.unknown')
}

const http = axios.create({
  baseURL: '/api/v1',
  withCredentials: true,
  timeout: 30_000,
  headers: { Accept: 'application/json' },
})

http.interceptors.request.use((config) => {
  const method = (config.method ?? 'get').toLowerCase()
  if (!SAFE_METHODS.has(method) && csrfToken) {
    config.headers.set('X-CSRF-Token', csrfToken)
  }
  return config
})

function isErrorBody(data: unknown): data is ApiErrorBody {
  return (
    typeof data === 'object' &&
    data !== null &&
    'error' in data &&
    typeof (data as ApiErrorBody).error?.code === 'string'
  )
}

function toApiError(err: AxiosError): ApiError {
  if (!err.response) {
    return new ApiError(0, 'network', errorMessageFor('network'))
  }
  const { status, data } = err.response
  if (isErrorBody(data)) {
    const { code, message, field } = data.error
    return new ApiError(status, code, errorMessageFor(code), field, message)
  }
  const code = status >= 500 ? 'internal' : 'unknown'
  return new ApiError(status, code, errorMessageFor(code))
}

http.interceptors.response.use(
  (response) => response,
  (err: unknown) => {
    if (!axios.isAxiosError(err)) return Promise.reject(err)
    const apiError = toApiError(err)
    // login and the session probe report 401 to their caller, which decides where to go
    const url = err.config?.url ?? ''
    const isSessionCall = url.endsWith('/auth/login') || url.endsWith('/auth/me')
    if (apiError.status === 401 && !isSessionCall && unauthorizedHandler) unauthorizedHandler()
    return Promise.reject(apiError)
  },
)

export async function get<T>(url: string, params?: AxiosRequestConfig['params']): Promise<T> {
  return (await http.get<T>(url, { params })).data
}

export async function post<T>(url: string, body?: unknown): Promise<T> {
  return (await http.post<T>(url, body)).data
}

export async function patch<T>(url: string, body: unknown): Promise<T> {
  return (await http.patch<T>(url, body)).data
}

export async function del<T = void>(url: string): Promise<T> {
  return (await http.delete<T>(url)).data
}
