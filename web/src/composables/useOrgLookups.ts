// Stores and departments for selects and for showing names instead of ids in tables.
import { computed, shallowRef } from 'vue'
import { listAllDepartments } from '@/api/departments'
import type { Department } from '@/api/departments/types'
import { listAllStores } from '@/api/stores'
import type { Store } from '@/api/stores/types'

export function useOrgLookups() {
  const stores = shallowRef<Store[]>([])
  const departments = shallowRef<Department[]>([])

  const storeName = computed(() => {
    const names = new Map(stores.value.map((s) => [s.id, s.name]))
    return (id: number | null | undefined) => (id == null ? '' : (names.get(id) ?? `#${id}`))
  })
  const departmentName = computed(() => {
    const names = new Map(departments.value.map((d) => [d.id, d.name]))
    return (id: number | null | undefined) => (id == null ? '' : (names.get(id) ?? `#${id}`))
  })

  const activeStores = computed(() => stores.value.filter((s) => s.active))
  const departmentsOf = (storeId: number | null | undefined) =>
    departments.value.filter((d) => d.active && (storeId == null || d.store_id === storeId))

  async function loadStores(): Promise<void> {
    stores.value = (await listAllStores()).items
  }
  async function loadDepartments(): Promise<void> {
    departments.value = (await listAllDepartments()).items
  }

  return {
    stores,
    departments,
    activeStores,
    storeName,
    departmentName,
    departmentsOf,
    loadStores,
    loadDepartments,
  }
}
