// 回訪管理 (issue 3): messages of the follow-up module in Traditional Chinese, namespace "followup".
export default {
  followup: {
    tabs: { queue: '回訪工作台', customers: '客戶', import: '導入', rules: '回訪規則', stats: '回訪指標' },
    views: { today: '今日待辦', retry: '重撥', overdue: '已逾期', upcoming: '未到期', done: '已完成', all: '全部' },
    channel: { phone: '電話', sms: '簡訊', email: '郵件', wechat: '微信', none: '不聯繫' },
    mine: '只看我的',
    status: { open: '進行中', done: '已完成', unreachable: '無法聯系', refused: '拒訪' },
    outcome: {
      connected: '已接通', no_answer: '無人接聽', busy: '占線', wrong_number: '號碼錯誤',
      refused: '拒絕回訪', callback: '約定回撥',
    },
    taskType: { satisfaction: '滿意度回訪', maintenance: '保養提醒', care: '關懷回訪' },
    eventType: { sale: '新車銷售', service: '售後服務', repair: '維修', other: '其他' },
    col: {
      customer: '客戶', rule: '回訪類型', due: '應回訪日', windowEnd: '截止', status: '狀態',
      attempts: '撥打次數', lastOutcome: '最近結果', nextAttempt: '下次撥打', assignee: '負責人',
      actions: '操作', name: '姓名', phone: '手機', email: '郵箱', store: '門店', tags: '標簽',
      externalId: '外部編號', type: '業務類型', date: '日期', model: '車型', plate: '車牌',
      vin: '車架號', mileage: '里程(km)', amount: '金額(元)', channel: '偏好渠道',
    },
    open: '去回訪',
    claim: '領取',
    unassigned: '待分配',
    call: {
      title: '回訪通話', customer: '客戶信息', event: '業務信息', script: '回訪話術', record: '記錄本次通話',
      outcome: '通話結果', notes: '備注', callbackAt: '回撥時間', submit: '保存結果', history: '通話記錄',
      noCalls: '尚未撥打', reveal: '顯示號碼', revealed: '號碼已顯示（已記入審計日志）', survey: '填寫問卷',
      complaint: '登記投訴', profile: '客戶檔案', closed: '該任務已結束', saved: '已保存通話結果',
      needOutcome: '請選擇通話結果', due: '應回訪', window: '按時截止', attempts: '已撥打 {n} 次，失敗 {f} 次',
      nextAttempt: '下次可撥打時間', back: '返回工作台',
    },
    customers: {
      search: '姓名、手機或編號', create: '新建客戶', created: '已創建客戶', events: '業務記錄',
      tasks: '回訪記錄', noEvents: '暫無業務記錄', noTasks: '暫無回訪任務', dnd: '免打擾', consent: '同意回訪',
    },
    import: {
      hint: '上傳經銷商管理系統導出的客戶及業務 CSV 或 Excel（.xlsx）文件：每行一個客戶，可帶一條業務記錄。常用列名：客戶編號、客戶姓名、手機、門店編碼、業務單號、業務類型、業務日期、員工編號、金額、車架號、車牌號、車型、里程。',
      choose: '選擇文件', preview: '預覽', run: '開始導入', previewTitle: '預覽（前 20 行）', mapping: '列對應',
      result: '導入結果', rows: '共 {total} 行：成功 {ok} 行，失敗 {failed} 行；新增客戶 {c} 個，新增業務 {e} 條',
      errors: '錯誤明細', download: '下載錯誤報告', row: '行號', column: '列', reason: '原因', history: '導入記錄',
      noFile: '請先選擇文件', done: '導入完成', again: '重新導入同一文件不會產生重複數據。',
    },
    rules: {
      edit: '編輯規則', trigger: '觸發業務', offset: '第几天回訪', window: '回訪窗口(天)', maxAttempts: '最多撥打',
      retry: '重撥間隔(分鐘)', quiet: '免打擾時段', survey: '問卷 ID', assign: '分配方式', active: '啟用',
      auto: '自動輪流分配', manual: '手動分配', script: '回訪話術', days: '第 {n} 天', saved: '規則已保存',
    },
    stats: {
      group: '統計維度', byStore: '按門店', byDepartment: '按部門', byAgent: '按客服專員', byMonth: '按月',
      range: '應回訪日期', onTime: '按時回訪率', answerRatio: '有效電話接聽比例', reach: '聯系成功率',
      perTask: '平均撥打次數', tasksDue: '應回訪數', attempted: '已撥打任務', connected: '接通次數', key: '分組',
      total: '合計', none: '無', chartTitle: '各項比率對比(%)',
    },
  },
}
