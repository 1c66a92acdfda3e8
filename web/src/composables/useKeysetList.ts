// A table's rows loaded page by page with the API's keyset pagination ("load more").
import { ref, shallowRef } from 'vue'
import { ElMessage } from 'element-plus'
import type { Page } from '@/api/common'
import { ApiError } from '@/http/client'

export function useKeysetList<T>(fetchPage: (after: number | undefined) => Promise<Page<T>>) {
  const items = shallowRef<T[]>([])
  const nextAfter = ref<number | null>(null)
  const loading = ref(false)

  async function load(reset: boolean): Promise<void> {
    loading.value = true
    try {
      const page = await fetchPage(reset ? undefined : (nextAfter.value ?? undefined))
      items.value = reset ? page.items : [...items.value, ...page.items]
      nextAfter.value = page.next_after
    } catch (err) {
      ElMessage.error(err instanceof ApiError ? err.message : String(err))
    } finally {
      loading.value = false
    }
  }

  return {
    items,
    loading,
    hasMore: () => nextAfter.value !== null,
    reload: () => load(true),
    loadMore: () => load(false),
  }
}
