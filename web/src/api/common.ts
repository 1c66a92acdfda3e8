import { get } from '@/http/client'

/** Every list endpoint answers one keyset page (docs/api/README.md, "Lists"). */
export interface Page<T> {
  items: T[]
  next_after: number | null
}

export interface PageQuery {
  limit?: number
  after?: number
}

export const MAX_PAGE_SIZE = 200

/**
 * Follows next_after until the list ends or maxItems is reached; `truncated` says whether
 * more were left. For small lookups (stores in a select, counts on the dashboard).
 */
export async function fetchAll<T>(
  url: string,
  params: Record<string, unknown> = {},
  maxItems = 2000,
): Promise<{ items: T[]; truncated: boolean }> {
  const items: T[] = []
  let after: number | null = null
  do {
    const query: Record<string, unknown> = { ...params, limit: MAX_PAGE_SIZE }
    if (after !== null) query.after = after
    const page: Page<T> = await get<Page<T>>(url, query)
    items.push(...page.items)
    after = page.next_after
  } while (after !== null && items.length < maxItems)
  return { items, truncated: after !== null }
}
