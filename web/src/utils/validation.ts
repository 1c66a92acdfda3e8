// Client-side checks mirroring docs/api/README.md ("Objects"); the server checks again.
import type { FormItemRule } from 'element-plus'

type Message = () => string

/** Length in characters (code points), as the API counts it, not UTF-16 units. */
export function charLength(value: string): number {
  return Array.from(value).length
}

export function lengthRule(min: number, max: number, message: Message, required = min > 0): FormItemRule {
  return {
    required,
    trigger: 'blur',
    validator: (_rule, value: unknown, callback) => {
      const text = typeof value === 'string' ? value.trim() : ''
      if (!required && text === '') return callback()
      const n = charLength(text)
      callback(n < min || n > max ? new Error(message()) : undefined)
    },
  }
}

export function patternRule(pattern: RegExp, message: Message, required = true): FormItemRule {
  return {
    required,
    trigger: 'blur',
    validator: (_rule, value: unknown, callback) => {
      const text = typeof value === 'string' ? value.trim() : ''
      if (!required && text === '') return callback()
      callback(pattern.test(text) ? undefined : new Error(message()))
    },
  }
}

export function requiredRule(message: Message, trigger: 'blur' | 'change' = 'change'): FormItemRule {
  return {
    required: true,
    trigger,
    validator: (_rule, value: unknown, callback) => {
      const empty = value === null || value === undefined || value === ''
      callback(empty ? new Error(message()) : undefined)
    },
  }
}

export const STORE_CODE = /^[A-Za-z0-9_-]{1,32}$/
export const USERNAME = /^[A-Za-z0-9._@-]{3,64}$/
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** A Chinese mobile: 11 digits starting 1[3-9]; +86, spaces and dashes are accepted. */
export function isChineseMobile(value: string): boolean {
  const digits = value.replace(/[\s-]/g, '').replace(/^\+?86/, '')
  return /^1[3-9]\d{9}$/.test(digits)
}

export function mobileRule(message: Message): FormItemRule {
  return {
    trigger: 'blur',
    validator: (_rule, value: unknown, callback) => {
      const text = typeof value === 'string' ? value.trim() : ''
      callback(text === '' || isChineseMobile(text) ? undefined : new Error(message()))
    },
  }
}
