// Who is signed in, their tenant, and what their role may do. The server enforces the same
// rules (docs/api/README.md, "Roles and scopes"); the UI only hides what would be refused.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as authApi from '@/api/auth'
import type { Session } from '@/api/auth/types'
import type { Tenant } from '@/api/tenant/types'
import type { Role, User } from '@/api/users/types'
import { ApiError, setCsrfToken } from '@/http/client'

export const useSessionStore = defineStore('session', () => {
  const user = ref<User | null>(null)
  const tenant = ref<Tenant | null>(null)
  /** Whether we already asked the server for an existing session on this page load. */
  const checked = ref(false)

  const role = computed<Role | null>(() => user.value?.role ?? null)

  const can = computed(() => {
    const is = (...roles: Role[]) => role.value !== null && roles.includes(role.value)
    return {
      writeStores: is('admin'),
      writeDepartments: is('admin', 'store_manager'),
      writeEmployees: is('admin', 'store_manager', 'dept_manager'),
      readUsers: is('admin', 'store_manager'),
      manageUsers: is('admin'),
      readAudit: is('admin', 'auditor'),
      manageTokens: is('admin'),
    }
  })

  function apply(session: Session): void {
    user.value = session.user
    tenant.value = session.tenant
    setCsrfToken(session.csrf_token)
    checked.value = true
  }

  function clear(): void {
    user.value = null
    tenant.value = null
    setCsrfToken(null)
    checked.value = true
  }

  async function login(username: string, password: string): Promise<void> {
    apply(await authApi.login({ username, password }))
  }

  /** Restores a session from the cookie; false when there is none. */
  async function restore(): Promise<boolean> {
    try {
      apply(await authApi.fetchMe())
      return true
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        clear()
        return false
      }
      throw err
    }
  }

  async function logout(): Promise<void> {
    try {
      await authApi.logout()
    } finally {
      clear()
    }
  }

  return { user, tenant, checked, role, can, apply, clear, login, restore, logout }
})
