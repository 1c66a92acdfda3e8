// Types and the version cache shared by the survey fill form, the answers view and the pages
// that embed them.
import { getVersion, type Definition } from '../api'

export interface FillLinks { customer_id?: number; event_id?: number; followup_task_id?: number }
export interface FillResult { id: number; alert: boolean; alert_reason: string }

const versions = new Map<string, Promise<Definition>>()
/** A published version's definition, fetched once per page load (versions are frozen). */
export function definitionOf(survey: number, version: number): Promise<Definition> {
  const key = `${survey}/${version}`
  let p = versions.get(key)
  if (!p) {
    p = getVersion(survey, version).then((v) => v.definition)
    p.catch(() => versions.delete(key))
    versions.set(key, p)
  }
  return p
}
