// 回访管理 (issue 3): messages of the follow-up module, namespace "followup".
export default {
  followup: {
    tabs: { queue: '回访工作台', customers: '客户', import: '导入', rules: '回访规则', stats: '回访指标' },
    views: { today: '今日待办', retry: '重拨', overdue: '已逾期', upcoming: '未到期', done: '已完成', all: '全部' },
    channel: { phone: '电话', sms: '短信', email: '邮件', wechat: '微信', none: '不联系' },
    mine: '只看我的',
    status: { open: '进行中', done: '已完成', unreachable: '无法联系', refused: '拒访' },
    outcome: {
      connected: '已接通', no_answer: '无人接听', busy: '占线', wrong_number: '号码错误',
      refused: '拒绝回访', callback: '约定回拨',
    },
    taskType: { satisfaction: '满意度回访', maintenance: '保养提醒', care: '关怀回访' },
    eventType: { sale: '新车销售', service: '售后服务', repair: '维修', other: '其他' },
    col: {
      customer: '客户', rule: '回访类型', due: '应回访日', windowEnd: '截止', status: '状态',
      attempts: '拨打次数', lastOutcome: '最近结果', nextAttempt: '下次拨打', assignee: '负责人',
      actions: '操作', name: '姓名', phone: '手机', email: '邮箱', store: '门店', tags: '标签',
      externalId: '外部编号', type: '业务类型', date: '日期', model: '车型', plate: '车牌',
      vin: '车架号', mileage: '里程(km)', amount: '金额(元)', channel: '偏好渠道',
    },
    open: '去回访',
    claim: '领取',
    unassigned: '待分配',
    call: {
      title: '回访通话', customer: '客户信息', event: '业务信息', script: '回访话术', record: '记录本次通话',
      outcome: '通话结果', notes: '备注', callbackAt: '回拨时间', submit: '保存结果', history: '通话记录',
      noCalls: '尚未拨打', reveal: '显示号码', revealed: '号码已显示（已记入审计日志）', survey: '填写问卷',
      complaint: '登记投诉', profile: '客户档案', closed: '该任务已结束', saved: '已保存通话结果',
      needOutcome: '请选择通话结果', due: '应回访', window: '按时截止', attempts: '已拨打 {n} 次，失败 {f} 次',
      nextAttempt: '下次可拨打时间', back: '返回工作台',
    },
    customers: {
      search: '姓名、手机或编号', create: '新建客户', created: '已创建客户', events: '业务记录',
      tasks: '回访记录', noEvents: '暂无业务记录', noTasks: '暂无回访任务', dnd: '免打扰', consent: '同意回访',
    },
    import: {
      hint: '上传经销商管理系统导出的客户及业务 CSV 或 Excel（.xlsx）文件：每行一个客户，可带一条业务记录。常用列名：客户编号、客户姓名、手机、门店编码、业务单号、业务类型、业务日期、员工编号、金额、车架号、车牌号、车型、里程。',
      choose: '选择文件', preview: '预览', run: '开始导入', previewTitle: '预览（前 20 行）', mapping: '列对应',
      result: '导入结果', rows: '共 {total} 行：成功 {ok} 行，失败 {failed} 行；新增客户 {c} 个，新增业务 {e} 条',
      errors: '错误明细', download: '下载错误报告', row: '行号', column: '列', reason: '原因', history: '导入记录',
      noFile: '请先选择文件', done: '导入完成', again: '重新导入同一文件不会产生重复数据。',
    },
    rules: {
      edit: '编辑规则', trigger: '触发业务', offset: '第几天回访', window: '回访窗口(天)', maxAttempts: '最多拨打',
      retry: '重拨间隔(分钟)', quiet: '免打扰时段', survey: '问卷 ID', assign: '分配方式', active: '启用',
      auto: '自动轮流分配', manual: '手动分配', script: '回访话术', days: '第 {n} 天', saved: '规则已保存',
    },
    stats: {
      group: '统计维度', byStore: '按门店', byDepartment: '按部门', byAgent: '按客服专员', byMonth: '按月',
      range: '应回访日期', onTime: '按时回访率', answerRatio: '有效电话接听比例', reach: '联系成功率',
      perTask: '平均拨打次数', tasksDue: '应回访数', attempted: '已拨打任务', connected: '接通次数', key: '分组',
      total: '合计', none: '无', chartTitle: '各项比率对比(%)',
    },
  },
}
