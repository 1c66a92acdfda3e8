import { defineStore } from 'pinia'
import { ref } from 'vue'

/** Below this width the sidebar starts collapsed (tablets in portrait). */
const NARROW_SCREEN = 1024

export const useUiStore = defineStore('ui', () => {
  const sidebarCollapsed = ref(window.innerWidth < NARROW_SCREEN)

  function toggleSidebar(): void {
    sidebarCollapsed.value = !sidebarCollapsed.value
  }

  return { sidebarCollapsed, toggleSidebar }
})
