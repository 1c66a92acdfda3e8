// vue-i18n set-up: zh-CN first, the choice remembered in localStorage, Element Plus in step.
import { createI18n } from 'vue-i18n'
import zhCN from './zh-CN'
import zhTW from './zh-TW'
import en from './en'

export const LOCALES = ['zh-CN', 'zh-TW', 'en'] as const
export type Locale = (typeof LOCALES)[number]
export const LOCALE_NAMES: Record<Locale, string> = {
  'zh-CN': '简体中文',
  'zh-TW': '繁體中文',
  en: 'English',
}

const STORAGE_KEY = 'manyi.locale'

function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}

function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY)
    if (isLocale(saved)) return saved
  } catch {
    // storage may be unavailable (private mode); fall through to the default
  }
  return 'zh-CN'
}

// messages of the capability modules (src/modules/*/locales/<locale>.ts), each under its own
// namespace, merged beside the shell's
function moduleMessages(locale: Locale): Record<string, unknown> {
  const all = import.meta.glob<{ default: Record<string, unknown> }>('../modules/*/locales/*.ts', {
    eager: true,
  })
  return Object.entries(all)
    .filter(([path]) => path.endsWith(`/${locale}.ts`))
    .reduce<Record<string, unknown>>((acc, [, m]) => ({ ...acc, ...m.default }), {})
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: {
    'zh-CN': { ...zhCN, ...moduleMessages('zh-CN') },
    'zh-TW': { ...zhTW, ...moduleMessages('zh-TW') },
    en: { ...en, ...moduleMessages('en') },
  } as unknown as { 'zh-CN': typeof zhCN; 'zh-TW': typeof zhCN; en: typeof zhCN },
})

export function currentLocale(): Locale {
  return i18n.global.locale.value as Locale
}

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale
  document.documentElement.lang = locale
  try {
    localStorage.setItem(STORAGE_KEY, locale)
  } catch {
    // not remembered; the switch still applies to this tab
  }
}
