// SPDX-License-Identifier: MIT
// The respondent page (web/survey/): a personal link /s/<token> or an anonymous link or QR code
// /s/q/<key>. Plain TypeScript and the DOM, no framework, so that it opens fast on a phone over
// a weak network. Conditional display follows core/survey.c's rules; the server validates again.
import './style.css'

type Txt = Record<string, string>
interface Question {
  id: number
  type: 'nps' | 'rating' | 'matrix' | 'single' | 'multi' | 'yesno' | 'text' | 'points'
  required?: boolean
  text: Txt
  scale?: [number, number]
  labels?: { min?: Txt; max?: Txt }
  rows?: { text: Txt }[]
  options?: { text: Txt }[]
  other_option?: number
  min_choices?: number
  max_choices?: number
  max_chars?: number
  show_if?: { question: number; op: string; value: number }
  dimension_texts?: Record<string, Txt>
}
interface Answer { question_id: number; value?: number; values?: (number | null)[]; text?: string }
interface View {
  survey_id: number
  version: number
  tenant: string
  lang: string
  definition: { title: Txt; intro?: Txt; languages?: string[]; questions: Question[] }
  partial?: Answer[]
}
interface Thanks { id: number; commitment: Txt; incentive?: { text?: Txt } | null }

const UI: Record<string, Record<string, string>> = {
  'zh-CN': {
    progress: '已完成 {a}/{b}', submit: '提交', sending: '提交中…', required: '请回答此题',
    thanks: '感谢您的反馈!', expired: '链接已过期',
    expiredText: '这份问卷的填写期限已过。感谢您的关注,如有意见欢迎直接联系我们的客服。',
    used: '您已经提交过了', usedText: '这份问卷已经收到,感谢您的支持!', missing: '链接无效',
    missingText: '请检查链接是否完整。', other: '请说明', failed: '提交失败,请稍后重试',
    busy: '操作太频繁,请稍后再试', gift: '您的礼遇', saved: '您的回答已自动保存',
    optOut: '不再接收此类邀请', optedOut: '已为您退订,今后不再发送此类邀请。',
    choose: '请选择 {a} 到 {b} 项', fix: '请检查标红的题目',
    left: '还剩 {a} 分', over: '超出 {a} 分', full: '100 分已分完', sum: '请把 100 分正好分完',
    revoked: '链接已失效', revokedText: '这份问卷链接已不再有效。如有意见,欢迎直接联系我们的客服。',
    optAsk: '点击下方按钮后,我们将不再向您发送问卷邀请。',
    dims: '信赖度,专业度,有形度,同理度,反应度',
  },
  'zh-TW': {
    progress: '已完成 {a}/{b}', submit: '提交', sending: '提交中…', required: '請回答此題',
    thanks: '感謝您的回饋!', expired: '連結已過期',
    expiredText: '這份問卷的填寫期限已過。感謝您的關注,如有意見歡迎直接聯絡我們的客服。',
    used: '您已經提交過了', usedText: '這份問卷已經收到,感謝您的支持!', missing: '連結無效',
    missingText: '請檢查連結是否完整。', other: '請說明', failed: '提交失敗,請稍後重試',
    busy: '操作太頻繁,請稍後再試', gift: '您的禮遇', saved: '您的回答已自動保存',
    optOut: '不再接收此類邀請', optedOut: '已為您退訂,今後不再發送此類邀請。',
    choose: '請選擇 {a} 到 {b} 項', fix: '請檢查標紅的題目',
    left: '還剩 {a} 分', over: '超出 {a} 分', full: '100 分已分完', sum: '請把 100 分正好分完',
    revoked: '連結已失效', revokedText: '這份問卷連結已不再有效。如有意見,歡迎直接聯絡我們的客服。',
    optAsk: '點擊下方按鈕後,我們將不再向您發送問卷邀請。',
    dims: '信賴度,專業度,有形度,同理度,反應度',
  },
  en: {
    progress: '{a} of {b} answered', submit: 'Submit', sending: 'Sending…', required: 'Please answer this question',
    thanks: 'Thank you for your feedback!', expired: 'This link has expired',
    expiredText: 'The time to answer this survey is over. If you have something to tell us, please contact our customer service.',
    used: 'Already answered', usedText: 'We have received this survey. Thank you!', missing: 'Link not valid',
    missingText: 'Please check that the link is complete.', other: 'Please say', failed: 'Could not send; please try again',
    busy: 'Too many attempts; please wait a moment', gift: 'Your thank-you gift', saved: 'Your answers are saved as you go',
    optOut: 'Do not invite me again', optedOut: 'You will not receive such invitations again.',
    choose: 'Choose {a} to {b}', fix: 'Please check the questions marked in red',
    left: '{a} points left', over: '{a} points too many', full: 'All 100 points shared', sum: 'Please share exactly 100 points',
    revoked: 'Link no longer valid', revokedText: 'This survey link is no longer valid. If you have something to tell us, please contact our customer service.',
    optAsk: 'Press the button below and we will not send you survey invitations again.',
    dims: 'Reliability,Assurance,Tangibles,Empathy,Responsiveness',
  },
}

const app = document.getElementById('app') as HTMLElement
const path = location.pathname
const anon = path.startsWith('/s/q/')
const key = decodeURIComponent(path.slice(anon ? 5 : 3).replace(/\/$/, ''))
const api = anon ? `/api/v1/public/links/${encodeURIComponent(key)}` : `/api/v1/public/invitations/${encodeURIComponent(key)}`
let lang = 'zh-CN'
let view: View
const answers = new Map<number, Answer>()
let saveTimer = 0

const t = (k: string, vars: Record<string, string | number> = {}) =>
  (UI[lang]?.[k] ?? UI['zh-CN'][k]).replace(/\{(\w)\}/g, (_, v: string) => String(vars[v] ?? ''))
const tx = (x?: Txt) => (x ? x[lang] ?? x['zh-CN'] ?? Object.values(x)[0] ?? '' : '')

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...kids: (Node | string)[]) {
  const e = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v)
  for (const k of kids) e.append(k)
  return e
}

function page(icon: string, title: string, ...lines: (Node | string)[]) {
  document.documentElement.lang = lang
  app.replaceChildren(el('section', { class: 'page', 'data-page': icon === '✓' ? 'thanks' : 'info' },
    el('div', { class: 'icon', 'aria-hidden': 'true' }, icon), el('h1', {}, title), ...lines))
}

function pickLang(wanted: string | null, langs: string[]) {
  const cands = [wanted, new URLSearchParams(location.search).get('lang'), view?.lang, navigator.language]
  for (const c of cands) {
    if (!c) continue
    const hit = langs.find((l) => l.toLowerCase() === c.toLowerCase()) ??
      langs.find((l) => l.slice(0, 2) === c.slice(0, 2).toLowerCase() && (c.includes('TW') || c.includes('HK') ? l === 'zh-TW' : true))
    if (hit) return hit
  }
  return langs[0] ?? 'zh-CN'
}

// --- conditional display (mirrors cond_holds in core/survey.c) ---------------------------------
function visible(q: Question, qs: Question[]): boolean {
  const c = q.show_if
  if (!c) return true
  const src = qs.find((x) => x.id === c.question)
  if (!src || !visible(src, qs)) return false
  const a = answers.get(c.question)
  if (!a) return false
  if (c.op === 'chosen' || c.op === 'not_chosen') {
    const has = (a.values ?? []).includes(c.value)
    return c.op === 'chosen' ? has : !has
  }
  if (a.value === undefined) return false
  const v = a.value
  switch (c.op) {
    case 'eq': return v === c.value
    case 'ne': return v !== c.value
    case 'lt': return v < c.value
    case 'le': return v <= c.value
    case 'gt': return v > c.value
    case 'ge': return v >= c.value
  }
  return false
}

// "share 100 points": five values in servqual_dim order (core/servqual.h)
const DIMS = ['reliability', 'assurance', 'tangibles', 'empathy', 'responsiveness']
const pointsSum = (q: Question) => (answers.get(q.id)?.values ?? []).reduce<number>((s, v) => s + (v ?? 0), 0)

function answered(q: Question): boolean {
  const a = answers.get(q.id)
  if (!a) return false
  if (q.type === 'matrix' || q.type === 'points') return (a.values ?? []).some((v) => v !== null && v !== undefined)
  if (q.type === 'multi') return (a.values ?? []).length > 0
  if (q.type === 'text') return (a.text ?? '').trim() !== ''
  return a.value !== undefined
}

function complete(q: Question): boolean {
  if (!answered(q)) return false
  if (q.type === 'matrix') return (answers.get(q.id)?.values ?? []).every((v) => v !== null && v !== undefined)
  if (q.type === 'points') return pointsSum(q) === 100
  return true
}

// --- rendering ------------------------------------------------------------------------------------
function choice(name: string, type: 'radio' | 'checkbox', value: number, label: string, checked: boolean, onChange: (on: boolean) => void) {
  const input = el('input', { type, name, value: String(value) }) as HTMLInputElement
  input.checked = checked
  input.addEventListener('change', () => onChange(input.checked))
  return el('label', { class: 'opt' }, input, el('span', {}, label))
}

function scaleRow(q: Question, name: string, min: number, max: number, current: number | null | undefined, set: (v: number) => void) {
  const n = max - min + 1
  const box = el('div', { class: `scale n${n}`, role: 'radiogroup', style: `--n:${n}` })
  for (let v = min; v <= max; v++) box.append(choice(name, 'radio', v, String(v), current === v, () => set(v)))
  const ends = q.labels ? el('div', { class: 'ends', 'aria-hidden': 'true' }, el('span', {}, tx(q.labels.min)), el('span', {}, tx(q.labels.max))) : ''
  return [box, ends]
}

function update(q: Question, a: Answer | null) {
  if (a) answers.set(q.id, a)
  else answers.delete(q.id)
  refresh()
  scheduleSave()
}

function renderQuestion(q: Question, index: number): HTMLElement {
  const fs = el('fieldset', { 'data-qid': String(q.id), 'data-type': q.type, id: `q${q.id}` })
  fs.append(el('legend', {}, el('span', { class: 'no' }, `${index}. `), tx(q.text), q.required ? el('span', { class: 'req', 'aria-label': 'required' }, '*') : ''))
  const cur = answers.get(q.id)
  const name = `q${q.id}`
  switch (q.type) {
    case 'nps':
      fs.append(...scaleRow(q, name, 0, 10, cur?.value, (v) => update(q, { question_id: q.id, value: v })))
      break
    case 'rating': {
      const [min, max] = q.scale ?? [1, 5]
      fs.append(...scaleRow(q, name, min, max, cur?.value, (v) => update(q, { question_id: q.id, value: v })))
      break
    }
    case 'yesno': {
      const box = el('div', { class: 'scale n2', style: '--n:2', role: 'radiogroup' })
      const yes = { 'zh-CN': '是', 'zh-TW': '是', en: 'Yes' }, no = { 'zh-CN': '否', 'zh-TW': '否', en: 'No' }
      box.append(choice(name, 'radio', 1, tx(yes), cur?.value === 1, () => update(q, { question_id: q.id, value: 1 })))
      box.append(choice(name, 'radio', 0, tx(no), cur?.value === 0, () => update(q, { question_id: q.id, value: 0 })))
      fs.append(box)
      break
    }
    case 'matrix': {
      const [min, max] = q.scale ?? [1, 5]
      const rows = q.rows ?? []
      rows.forEach((r, i) => {
        const row = el('div', { class: 'row', 'data-row': String(i) }, el('div', { class: 'lab' }, tx(r.text)))
        const vals = answers.get(q.id)?.values
        row.append(...scaleRow(q, `${name}r${i}`, min, max, vals?.[i], (v) => {
          const next = [...(answers.get(q.id)?.values ?? rows.map(() => null))]
          next[i] = v
          update(q, { question_id: q.id, values: next })
        }))
        fs.append(row)
      })
      break
    }
    case 'single':
    case 'multi': {
      const multi = q.type === 'multi'
      const list = el('div', { class: `list${multi ? ' multi' : ''}` })
      const other = el('input', { type: 'text', maxlength: String(q.max_chars ?? 200), placeholder: t('other') }) as HTMLInputElement
      other.value = cur?.text ?? ''
      const otherIdx = q.other_option ?? -1
      const chosen = () => (multi ? answers.get(q.id)?.values ?? [] : answers.get(q.id)?.value !== undefined ? [answers.get(q.id)!.value!] : [])
      const sync = () => { other.hidden = !chosen().includes(otherIdx) }
      ;(q.options ?? []).forEach((o, i) => {
        list.append(choice(name, multi ? 'checkbox' : 'radio', i, tx(o.text), chosen().includes(i), (on) => {
          const text = other.value.trim() || undefined
          if (multi) {
            const set = new Set(answers.get(q.id)?.values as number[] ?? [])
            if (on) set.add(i); else set.delete(i)
            const values = [...set].sort((a, b) => a - b)
            update(q, values.length ? { question_id: q.id, values, text: values.includes(otherIdx) ? text : undefined } : null)
          } else {
            update(q, { question_id: q.id, value: i, text: i === otherIdx ? text : undefined })
          }
          sync()
        }))
      })
      other.addEventListener('input', () => {
        const a = answers.get(q.id)
        if (a) update(q, { ...a, text: other.value.trim() || undefined })
      })
      fs.append(list, other)
      sync()
      break
    }
    case 'points': {
      const names = t('dims').split(',')
      const left = el('p', { class: 'left', role: 'status', 'aria-live': 'polite', id: `${name}l` })
      const show = () => {
        const n = 100 - pointsSum(q)
        left.textContent = n === 0 ? t('full') : t(n > 0 ? 'left' : 'over', { a: Math.abs(n) })
        left.classList.toggle('off', n < 0)
      }
      DIMS.forEach((d, i) => {
        const id = `${name}d${i}`
        const v = answers.get(q.id)?.values?.[i]
        const input = el('input', { type: 'number', id, min: '0', max: '100', step: '1', inputmode: 'numeric', 'aria-describedby': `${name}l`, 'data-dim': d }) as HTMLInputElement
        if (v !== null && v !== undefined) input.value = String(v)
        input.addEventListener('input', () => {
          const next = [...(answers.get(q.id)?.values ?? DIMS.map(() => null))]
          const x = input.value.trim() === '' ? null : Math.trunc(Number(input.value))
          next[i] = x === null || Number.isNaN(x) ? null : x
          update(q, next.some((y) => y !== null) ? { question_id: q.id, values: next } : null)
          show()
        })
        fs.append(el('div', { class: 'pt' }, el('label', { for: id }, tx(q.dimension_texts?.[d]) || names[i]), input))
      })
      fs.append(left)
      show()
      break
    }
    case 'text': {
      const max = q.max_chars ?? 1000
      const area = el('textarea', { maxlength: String(max), 'aria-label': tx(q.text) }) as HTMLTextAreaElement
      area.value = cur?.text ?? ''
      const count = el('div', { class: 'count' }, `${[...area.value].length}/${max}`)
      area.addEventListener('input', () => {
        count.textContent = `${[...area.value].length}/${max}`
        update(q, area.value.trim() ? { question_id: q.id, text: area.value } : null)
      })
      fs.append(area, count)
      break
    }
  }
  fs.append(el('p', { class: 'err', hidden: '' }))
  return fs
}

function refresh() {
  const qs = view.definition.questions
  let shown = 0, done = 0
  for (const q of qs) {
    const fs = document.getElementById(`q${q.id}`)
    if (!fs) continue
    const vis = visible(q, qs)
    fs.hidden = !vis
    if (vis) {
      shown++
      // numbers follow what the respondent sees, so a hidden question leaves no gap
      const no = fs.querySelector('legend .no')
      if (no) no.textContent = `${shown}. `
      if (answered(q)) { done++; fs.classList.remove('bad'); (fs.querySelector('.err') as HTMLElement).hidden = true }
    }
  }
  const bar = document.querySelector('.bar i') as HTMLElement | null
  const label = document.querySelector('.progress span')
  if (bar) bar.style.width = `${shown ? Math.round((100 * done) / shown) : 0}%`
  if (label) label.textContent = t('progress', { a: done, b: shown })
  const note = document.querySelector('form .note')
  if (note && !document.querySelector('fieldset.bad')) note.textContent = t('saved')
}

function collect(): Answer[] {
  const qs = view.definition.questions
  const out: Answer[] = []
  for (const q of qs) {
    if (!visible(q, qs) || !answered(q)) continue
    const a = answers.get(q.id)!
    const copy: Answer = { question_id: q.id }
    if (a.value !== undefined) copy.value = a.value
    if (a.values !== undefined) {
      copy.values = q.type === 'matrix' ? (q.rows ?? []).map((_, i) => a.values?.[i] ?? null)
        : q.type === 'points' ? DIMS.map((_, i) => a.values?.[i] ?? 0) : a.values
    }
    if (a.text !== undefined && a.text !== '') copy.text = q.type === 'text' ? a.text.trim() : a.text
    out.push(copy)
  }
  return out
}

function scheduleSave() {
  clearTimeout(saveTimer)
  saveTimer = window.setTimeout(() => {
    const body = JSON.stringify({ answers: collect() })
    if (anon) localStorage.setItem(`manyi:${key}`, body)
    else fetch(`${api}/partial`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body }).catch(() => {})
  }, 700)
}

function mark(q: Question, msg: string) {
  const fs = document.getElementById(`q${q.id}`)
  if (!fs) return
  fs.classList.add('bad')
  const e = fs.querySelector('.err') as HTMLElement
  e.textContent = msg
  e.hidden = false
}

function check(): boolean {
  const qs = view.definition.questions
  let first: Question | null = null
  for (const q of qs) {
    if (!visible(q, qs)) continue
    let msg = ''
    if (q.type === 'points' && answered(q) && pointsSum(q) !== 100) msg = t('sum')
    else if (q.required && !complete(q)) msg = t('required')
    if (!msg && q.type === 'multi' && answered(q)) {
      const n = answers.get(q.id)?.values?.length ?? 0
      const lo = q.min_choices ?? 0, hi = q.max_choices ?? (q.options ?? []).length
      if (n < lo || n > hi) msg = t('choose', { a: lo, b: hi })
    }
    if (msg) { mark(q, msg); first ??= q }
  }
  if (first) document.getElementById(`q${first.id}`)?.scrollIntoView({ behavior: 'smooth', block: 'center' })
  return first === null
}

function clientId(): string {
  let id = localStorage.getItem('manyi:client')
  if (!id) {
    const b = new Uint8Array(16)
    crypto.getRandomValues(b)
    id = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
    localStorage.setItem('manyi:client', id)
  }
  return id
}

async function submit(btn: HTMLButtonElement, note: HTMLElement) {
  if (!check()) { note.textContent = t('fix'); return }
  btn.disabled = true
  btn.textContent = t('sending')
  const sent = collect()
  const body: Record<string, unknown> = { answers: sent }
  if (anon) body.client_id = clientId()
  try {
    const res = await fetch(`${api}/responses`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
    const json = await res.json().catch(() => ({}))
    if (res.status === 201) { if (anon) localStorage.removeItem(`manyi:${key}`); showThanks(json as Thanks); return }
    if (res.status === 410) return json?.error?.code === 'revoked' ? showRevoked() : showExpired()
    if (res.status === 409 && !anon) return showUsed()
    if (res.status === 409) { showThanks(null); return }
    if (res.status === 400 && json?.error?.field) {
      const m = /^answers\.(\d+)/.exec(json.error.field)
      const q = m ? view.definition.questions.find((x) => x.id === sent[Number(m[1])]?.question_id) : null
      if (q) mark(q, json.error.message)
    }
    note.textContent = res.status === 429 ? t('busy') : res.status === 400 ? t('fix') : t('failed')
  } catch {
    note.textContent = t('failed')
  }
  btn.disabled = false
  btn.textContent = t('submit')
}

function showThanks(th: Thanks | null) {
  const lines: (Node | string)[] = []
  if (th?.commitment) lines.push(el('p', { class: 'commitment', 'data-test': 'commitment' }, tx(th.commitment)))
  const gift = th?.incentive?.text ? tx(th.incentive.text) : ''
  if (gift) lines.push(el('p', { class: 'gift' }, el('strong', {}, `${t('gift')}: `), gift))
  lines.push(el('p', {}, view?.tenant ?? ''))
  page('✓', t('thanks'), ...lines)
  window.scrollTo(0, 0)
}
const showExpired = () => page('!', t('expired'), el('p', { 'data-test': 'expired' }, t('expiredText')))
const showRevoked = () => page('!', t('revoked'), el('p', { 'data-test': 'revoked' }, t('revokedText')))
const showUsed = () => page('✓', t('used'), el('p', { 'data-test': 'used' }, t('usedText')))

// opting out is a POST behind a click, never a GET: mail scanners open every link in a message
function optOutLink(tag: 'a' | 'button') {
  const a = el(tag, tag === 'a' ? { href: '#', class: 'opt-out' } : { type: 'button', class: 'cta', 'data-test': 'opt-out' }, t('optOut'))
  a.addEventListener('click', async (e) => {
    e.preventDefault()
    const ok = await fetch(`${api}/opt-out`, { method: 'POST' }).then((r) => r.ok, () => false)
    a.replaceWith(ok ? el('p', { 'data-test': 'opted-out' }, t('optedOut')) : t('failed'))
  })
  return a
}

function render() {
  document.documentElement.lang = lang
  const d = view.definition
  document.title = tx(d.title)
  const langs = d.languages ?? ['zh-CN']
  const switcher = el('div', { class: 'langs' })
  for (const l of langs) {
    const b = el('button', { type: 'button', 'aria-pressed': String(l === lang), lang: l }, l === 'en' ? 'EN' : l === 'zh-TW' ? '繁' : '简')
    b.addEventListener('click', () => { lang = l; render() })
    switcher.append(b)
  }
  const head = el('header', {}, switcher, el('h1', {}, tx(d.title)), d.intro ? el('p', {}, tx(d.intro)) : '')
  const progress = el('div', { class: 'progress', role: 'status' }, el('span', {}), el('div', { class: 'bar' }, el('i', {})))
  const form = el('form', { novalidate: '' })
  d.questions.forEach((q, i) => form.append(renderQuestion(q, i + 1)))
  const note = el('p', { class: 'note', role: 'alert' }, t('saved'))
  const btn = el('button', { type: 'submit' }, t('submit')) as HTMLButtonElement
  form.addEventListener('submit', (e) => { e.preventDefault(); void submit(btn, note) })
  const optOut = anon ? '' : el('p', { class: 'note' }, optOutLink('a'))
  form.append(note, optOut, el('div', { class: 'actions' }, btn))
  app.replaceChildren(head, progress, form)
  refresh()
}

async function start() {
  lang = pickLang(null, ['zh-CN', 'zh-TW', 'en'])
  if (!key) return page('?', t('missing'), el('p', {}, t('missingText')))
  // the opt-out link of an invitation email: /s/<token>?optout=1
  if (!anon && new URLSearchParams(location.search).has('optout')) return page('?', t('optOut'), el('p', {}, t('optAsk')), optOutLink('button'))
  let res: Response
  try {
    res = await fetch(api)
  } catch {
    return page('!', t('failed'))
  }
  const json = await res.json().catch(() => ({}))
  if (res.status === 410) return json?.error?.code === 'revoked' ? showRevoked() : showExpired()
  if (res.status === 409) return showUsed()
  if (res.status !== 200) return page('?', t('missing'), el('p', {}, t('missingText')))
  view = json as View
  lang = pickLang(null, view.definition.languages ?? ['zh-CN'])
  let saved: Answer[] = view.partial ?? []
  if (anon) {
    try { saved = JSON.parse(localStorage.getItem(`manyi:${key}`) ?? '{}').answers ?? [] } catch { saved = [] }
  }
  for (const a of saved) if (a && typeof a.question_id === 'number') answers.set(a.question_id, a)
  render()
}

void start()
