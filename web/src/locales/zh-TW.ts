import type { MessageSchema } from './zh-CN'

const zhTW: MessageSchema = {
  app: { name: '滿意', subtitle: '客戶滿意度管理系統' },
  common: {
    create: '新增', edit: '編輯', save: '儲存', cancel: '取消', confirm: '確定', close: '關閉',
    deactivate: '停用', reactivate: '啟用', search: '搜尋', reset: '重設', refresh: '重新整理',
    actions: '操作', status: '狀態', active: '啟用', inactive: '已停用', all: '全部',
    loadMore: '載入更多', loading: '載入中…', noData: '暫無資料', createdAt: '建立時間',
    updatedAt: '更新時間', saved: '已儲存', created: '已建立', yes: '是', no: '否',
    copy: '複製', copied: '已複製', comingSoon: '即將推出', soon: '即將推出', showInactive: '顯示已停用',
    optional: '選填', none: '無', id: 'ID',
  },
  login: {
    title: '登入', username: '使用者名稱', password: '密碼', submit: '登入',
    usernameRequired: '請輸入使用者名稱', passwordRequired: '請輸入密碼',
    badCredentials: '使用者名稱或密碼錯誤', throttled: '登入失敗次數過多，請 15 分鐘後再試',
    tagline: '測評 · 回訪 · 客訴閉環 · 績效考核 — 讓每一位客戶滿意',
  },
  header: {
    toggleSidebar: '展開/收合選單', language: '語言', changePassword: '變更密碼', logout: '登出',
    loggedOut: '已登出',
  },
  nav: {
    dashboard: '首頁', measurement: '滿意度測評', surveys: '問卷與回饋', followUps: '回訪管理',
    complaints: '客訴處理', serviceAudit: '服務稽核', performance: '績效考核',
    employeeFeedback: '員工回饋', momentsOfTruth: '關鍵時刻', improvement: '滿意度提升',
    loyalty: '客戶忠誠度', textAnalysis: '文字分析', organization: '組織管理', stores: '門市',
    departments: '部門', employees: '員工', users: '使用者與角色', settings: '系統設定',
    audit: '稽核日誌', tokens: 'API 權杖', password: '變更密碼',
  },
  roles: {
    admin: '系統管理員', store_manager: '店長/總經理', dept_manager: '部門經理',
    cr_agent: '客服專員', staff: '員工', auditor: '稽核員',
  },
  roleScopes: {
    admin: '整個集團（租戶），可管理全部資料、使用者、角色與 API 權杖',
    store_manager: '本門市：管理本店部門和員工，檢視本店使用者',
    dept_manager: '本部門：管理本部門員工；可接分配給部門經理的回訪任務',
    cr_agent: '本門市：唯讀組織資訊，負責回訪與客訴登記',
    staff: '本部門：唯讀組織資訊；可接分配給員工的回訪任務（如保養提醒）',
    auditor: '整個集團（租戶）：唯讀，可檢視稽核日誌',
  },
  departmentKinds: {
    sales: '銷售部', after_sales: '售後服務部', cr: '客服部', admin: '行政部', other: '其他',
  },
  dashboard: {
    welcome: '歡迎回來，{name}', tenant: '集團', stores: '門市', departments: '部門',
    employees: '員工', users: '使用者', employeesPerStore: '各門市員工人數',
    moreThan: '{n}+', noEmployees: '尚無員工，請先到「員工」頁面新增。',
    gettingStarted: '開始使用', step1: '在「門市」中建立各門市', step2: '為每個門市設定部門（銷售部、售後服務部、客服部 …）',
    step3: '登錄員工並為他們開通帳號', roleLine: '目前角色：{role}',
  },
  stores: {
    title: '門市', create: '新增門市', edit: '編輯門市', code: '門市代碼', name: '門市名稱',
    city: '城市', address: '地址', phone: '電話',
    codeRule: '1–32 位字母、數字、底線或連字號', nameRule: '門市名稱 1–100 個字元',
    confirmDeactivate: '確定停用門市「{name}」嗎？停用後不再出現在日常選擇中，資料保留。',
  },
  departments: {
    title: '部門', create: '新增部門', edit: '編輯部門', name: '部門名稱', kind: '類型',
    store: '所屬門市', filterStore: '依門市篩選', nameRule: '部門名稱 1–100 個字元',
    storeRequired: '請選擇所屬門市', kindRequired: '請選擇部門類型',
    confirmDeactivate: '確定停用部門「{name}」嗎？',
  },
  employees: {
    title: '員工', create: '新增員工', edit: '編輯員工', name: '姓名', employeeNo: '工號',
    position: '職位', phone: '手機號碼', email: '電子郵件', store: '門市', department: '部門',
    searchPlaceholder: '姓名或工號', nameRule: '姓名 1–100 個字元',
    phoneRule: '請輸入 11 位中國大陸手機號碼（可帶 +86、空格或連字號）', emailRule: '電子郵件格式不正確',
    storeRequired: '請選擇門市', departmentRequired: '請選擇部門',
    employeeNoRule: '工號最多 32 個字元', confirmDeactivate: '確定停用員工「{name}」嗎？',
    positionPlaceholder: '如：客服專員、服務顧問、銷售顧問',
  },
  users: {
    title: '使用者與角色', usersTab: '使用者', rolesTab: '角色', create: '新增使用者', edit: '編輯使用者',
    username: '使用者名稱', displayName: '顯示名稱', role: '角色', store: '門市', department: '部門',
    employee: '關聯員工', password: '初始密碼', newPassword: '重設密碼', lastLogin: '最近登入',
    usernameRule: '3–64 位字母、數字或 . _ @ -', displayNameRule: '顯示名稱 1–100 個字元',
    passwordRule: '密碼 10–128 個字元', passwordKeep: '留空則不變更',
    roleRequired: '請選擇角色', storeRequired: '此角色需要指定門市',
    departmentRequired: '此角色需要指定部門', scope: '資料範圍', readOnly: '唯讀：僅系統管理員可管理使用者',
    confirmDeactivate: '確定停用使用者「{name}」嗎？該使用者的所有工作階段將立即失效。',
    never: '從未登入',
  },
  audit: {
    title: '稽核日誌', at: '時間', user: '操作人', action: '動作', entity: '對象', entityId: '對象 ID',
    ip: 'IP 位址', before: '修改前', after: '修改後', filterEntity: '對象類型', filterUser: '操作人 ID',
    actions: {
      create: '新增', update: '修改', delete: '停用/刪除', login: '登入', logout: '登出',
      password: '變更密碼', view_pii: '檢視個人資料',
    },
    entities: {
      store: '門市', department: '部門', employee: '員工', user: '使用者', token: 'API 權杖', api_token: 'API 權杖',
      tenant: '集團', session: '工作階段',
    },
  },
  tokens: {
    title: 'API 權杖', create: '新增權杖', prefix: '權杖前綴', name: '名稱', role: '角色', lastUsed: '最近使用',
    revoke: '撤銷', revoked: '已撤銷', confirmRevoke: '確定撤銷權杖「{name}」嗎？使用它的整合將立即失效。',
    createdTitle: '權杖已建立', shownOnce: '請立即複製並妥善保存，此權杖只顯示這一次。',
    nameRule: '名稱 1–100 個字元', hint: '供外部系統（DMS、客服中心等）透過 Authorization: Bearer 呼叫介面。',
  },
  password: {
    title: '變更密碼', old: '目前密碼', new: '新密碼', repeat: '確認新密碼',
    rule: '新密碼 10–128 個字元', mismatch: '兩次輸入的新密碼不一致', oldRequired: '請輸入目前密碼',
    sameAsOld: '新密碼不能與目前密碼相同', oldWrong: '目前密碼不正確',
    done: '密碼已變更，其他裝置上的登入已登出',
  },
  errors: {
    invalid_json: '請求格式錯誤', invalid: '輸入內容不符合要求', unauthorized: '登入已失效，請重新登入',
    csrf: '頁面已過期，請重新整理後再試', forbidden: '您沒有執行此操作的權限', not_found: '資料不存在或無權檢視',
    method_not_allowed: '不支援的操作', conflict: '與既有資料衝突（例如代碼或名稱重複）',
    too_large: '提交的內容過大', unsupported_media_type: '不支援的內容類型',
    throttled: '操作過於頻繁，請稍後再試', internal: '伺服器內部錯誤，請稍後再試',
    unavailable: '服務暫時無法使用，請稍後再試', network: '無法連線至伺服器，請檢查網路',
    unknown: '發生未知錯誤', conflictField: '此值已被使用，請換一個', invalidField: '內容不符合要求', fieldDetail: '{message}（{detail}）',
  },
  notFound: { title: '頁面不存在', back: '返回首頁' },
}

export default zhTW
