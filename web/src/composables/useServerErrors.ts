// Puts an API error next to the form field it names (error.field), or in a message otherwise.
import { reactive } from 'vue'
import { ElMessage } from 'element-plus'
import { useI18n } from 'vue-i18n'
import { ApiError } from '@/http/client'

export function useServerErrors(knownFields: readonly string[]) {
  const { t, locale } = useI18n()
  const fieldErrors = reactive<Record<string, string>>({})

  function clear(): void {
    for (const key of Object.keys(fieldErrors)) delete fieldErrors[key]
  }

  function fieldMessage(err: ApiError): string {
    if (err.code === 'conflict') return t('errors.conflictField')
    const message = err.code === 'invalid' ? t('errors.invalidField') : err.message
    // The server explains in English; that detail helps in the English UI only.
    return locale.value === 'en' && err.detail
      ? t('errors.fieldDetail', { message, detail: err.detail })
      : message
  }

  /** Returns true when the error was attached to a field of this form. */
  function show(err: unknown): boolean {
    clear()
    if (err instanceof ApiError && err.field && knownFields.includes(err.field)) {
      fieldErrors[err.field] = fieldMessage(err)
      return true
    }
    ElMessage.error(err instanceof ApiError ? err.message : String(err))
    return false
  }

  return { fieldErrors, clear, show }
}
