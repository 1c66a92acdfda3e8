import { ElMessageBox } from 'element-plus'
import { useI18n } from 'vue-i18n'

/** Asks before a destructive action; resolves false when the user backs out. */
export function useConfirm() {
  const { t } = useI18n()
  return async function confirm(message: string, confirmLabel?: string): Promise<boolean> {
    try {
      await ElMessageBox.confirm(message, t('common.confirm'), {
        type: 'warning',
        confirmButtonText: confirmLabel ?? t('common.confirm'),
        cancelButtonText: t('common.cancel'),
      })
      return true
    } catch {
      return false
    }
  }
}
