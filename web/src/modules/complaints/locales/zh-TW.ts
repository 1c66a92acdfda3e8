// 客訴處理閉環 (issue 5): messages of the complaint module in Traditional Chinese (Taiwan), namespace "complaint".
export default {
  complaint: {
    tabs: {
      inbox: '客訴工作台', board: '狀態看板', actions: '改善追蹤', figures: '客訴指標',
      notifications: '通知', settings: '客訴設定',
    },
    inboxCr: '客服待辦：待指派、待回訪、重新開啟', queueDept: '部門待處理客訴', all: '全部客訴',
    create: '登記客訴',
    state: {
      registered: '已登記', assigned: '已指派', in_progress: '處理中', result_written: '已填寫結果',
      returned_to_cr: '待回訪', verifying: '回訪中', closed: '已結案', reopened: '已重新開啟',
    },
    severity: { normal: '一般', urgent: '緊急', critical: '重大/安全' },
    source: {
      followup_call: '回訪電話', survey: '問卷低分', hotline: '客服專線', walk_in: '到店', online: '網路',
      manufacturer: '原廠轉介',
    },
    action: {
      assign: '指派', accept: '受理', write_result: '提交處理結果', return_to_cr: '退回客服回訪',
      start_verify: '開始回訪', close: '客戶滿意，結案', reopen: '客戶不滿意，重新開啟', escalate: '升級',
    },
    kind: {
      register: '登記', note: '備註', clear: 'CLEAR 勾選', sla_escalate: '逾時升級',
      recomplaint: '重複客訴', recomplaint_linked: '關聯重複客訴', attachment: '上傳附件',
      action_created: '新增改善', action_done: '改善完成', action_verified: '改善驗證通過',
      action_rejected: '改善驗證未通過', action_updated: '改善更新',
    },
    col: {
      id: '編號', title: '標題', category: '類別', severity: '等級', state: '狀態', store: '門市',
      department: '責任部門', assignee: '負責人', source: '來源', created: '登記時間', due: 'SLA 截止',
      escalation: '升級', customer: '客戶',
    },
    filter: {
      state: '狀態', store: '門市', department: '部門', category: '類別', severity: '等級',
      age: '案齡', overdue: '僅看逾時', mine: '只看我的', any: '全部', search: '標題關鍵字',
      age1: '超過 1 天', age3: '超過 3 天', age7: '超過 7 天',
    },
    overdue: '已逾時', recomplaint: '重複客訴', level: '升級 {n} 級',
    form: {
      title: '登記客訴', source: '來源', category: '類別', severity: '嚴重程度', subject: '客訴標題',
      description: '客訴內容', customer: '客戶編號', event: '業務編號', task: '回訪任務編號',
      store: '門市', submit: '登記', fromCall: '來自回訪電話', saved: '客訴已登記',
    },
    detail: {
      info: '客訴資訊', timeline: '處理時間軸', clear: 'CLEAR 處理法', scripts: '應對話術',
      strategies: '補救策略', result: '處理結果', rootCause: '根本原因', actionTaken: '處理措施',
      remedy: '補償/補救', strategy: '補救策略', note: '備註', addNote: '新增備註', assignTo: '指派給',
      verifyTitle: '回訪確認', verifyHint: '請致電客戶確認處理結果：客戶是否滿意？',
      satisfied: '滿意，客訴結案', notSatisfied: '不滿意，重新開啟並升級', reason: '客戶不滿意的原因',
      sla: 'SLA', stage: { first_response: '首次回應', resolution: '處理', verification: '回訪確認', none: '—' },
      attachments: '附件', upload: '上傳附件', actions: '改善措施', noAssignees: '本門市沒有部門經理帳號',
      escalateReason: '升級原因', back: '返回', clearIncomplete: '請先完成 CLEAR 五個步驟再提交處理結果',
      by: '操作人員', registeredBy: '登記', verifies: '回訪 {n} 次，滿意 {s} 次', linked: '關聯客訴 #{id}',
    },
    clearStep: {
      control: 'Control 控制情緒', listen: 'Listen 傾聽', establish: 'Establish 確認問題',
      apologize: 'Apologize 致歉', resolve: 'Resolve 解決',
    },
    act: {
      title: '改善事項', owner: '負責人', due: '完成期限', evidence: '改善佐證', state: '狀態',
      add: '新增改善', done: '提交完成', verify: '驗證通過', reject: '驗證不通過', verifyNote: '驗證說明',
      states: { open: '進行中', done: '待驗證', verified: '已驗證' }, overdue: '逾期',
      onlyOverdue: '只看逾期', onlyOpen: '只看未完成',
    },
    fig: {
      period: '統計期間', groupBy: '分組', byStore: '依門市', byDepartment: '依部門',
      byCategory: '依類別', byMonth: '依月份', complaints: '客訴數', events: '業務量',
      complaintRate: '客訴率', firstResponse: '首次回應及時率', resolution: '處理及時率',
      satisfaction: '回訪滿意率', recomplaint: '重複客訴率', meanMinutes: '平均處理時間(分鐘)',
      p90Minutes: 'P90 處理時間(分鐘)', openByAge: '未結案客訴案齡', group: '分組',
      buckets: { lt_1d: '1 天內', '1d_3d': '1–3 天', '3d_7d': '3–7 天', ge_7d: '7 天以上' },
    },
    notify: { title: '我的通知', read: '標為已讀', unread: '未讀 {n} 則', open: '檢視客訴' },
    set: {
      categories: '客訴類別與話術', sla: 'SLA 與工作時間', webhook: 'Webhook 推播', mode: '計時方式',
      working: '工作時間', calendar: '日曆時間', workStart: '上班時間(分鐘)', workEnd: '下班時間(分鐘)',
      holidays: '國定假日（以逗號分隔 YYYY-MM-DD）', extra: '補班日', window: '重複客訴判定天數',
      url: '接收網址', secret: '簽章金鑰（留空則不變更）', secretSet: '已設定金鑰', code: '代碼', name: '名稱',
      addCategory: '新增類別', minutes: '分鐘', saved: '已儲存',
    },
  },
}
