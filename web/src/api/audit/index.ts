import { get } from '@/http/client'
import type { Page } from '@/api/common'
import type { AuditEntry, AuditQuery } from './types'

export const listAudit = (query: AuditQuery = {}) => get<Page<AuditEntry>>('/audit', query)
