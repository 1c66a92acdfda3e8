// Shared look of tickets: tag colours per state and severity, and a short age text.
import type { Severity, TicketState } from '../api'

export const STATE_TAG: Record<TicketState, 'info' | 'primary' | 'warning' | 'success' | 'danger'> = {
  registered: 'info',
  assigned: 'primary',
  in_progress: 'warning',
  result_written: 'warning',
  returned_to_cr: 'primary',
  verifying: 'primary',
  closed: 'success',
  reopened: 'danger',
}

export const SEVERITY_TAG: Record<Severity, 'info' | 'warning' | 'danger'> = {
  normal: 'info',
  urgent: 'warning',
  critical: 'danger',
}

/** Hours since an RFC 3339 time, for the age column. */
export function ageHours(iso: string): number {
  return Math.max(0, Math.floor((Date.now() - new Date(iso).getTime()) / 3_600_000))
}
