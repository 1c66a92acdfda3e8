// 投诉处理闭环 (issue 5): messages of the complaint module, namespace "complaint".
export default {
  complaint: {
    tabs: {
      inbox: '投诉工作台', board: '状态看板', actions: '整改跟踪', figures: '投诉指标',
      notifications: '通知', settings: '投诉设置',
    },
    inboxCr: '客服待办：待分派、待回访、重开', queueDept: '部门待处理投诉', all: '全部投诉',
    create: '登记投诉',
    state: {
      registered: '已登记', assigned: '已分派', in_progress: '处理中', result_written: '已写结果',
      returned_to_cr: '待回访', verifying: '回访中', closed: '已关闭', reopened: '已重开',
    },
    severity: { normal: '一般', urgent: '紧急', critical: '重大/安全' },
    source: {
      followup_call: '回访电话', survey: '调研低分', hotline: '热线', walk_in: '到店', online: '网络',
      manufacturer: '厂家转办',
    },
    action: {
      assign: '分派', accept: '受理', write_result: '提交处理结果', return_to_cr: '退回客服回访',
      start_verify: '开始回访', close: '客户满意，关闭', reopen: '客户不满意，重开', escalate: '升级',
    },
    kind: {
      register: '登记', note: '备注', clear: 'CLEAR 勾选', sla_escalate: '超时升级',
      recomplaint: '重复投诉', recomplaint_linked: '关联重复投诉', attachment: '上传附件',
      action_created: '新建整改', action_done: '整改完成', action_verified: '整改验证通过',
      action_rejected: '整改验证未通过', action_updated: '整改更新',
    },
    col: {
      id: '编号', title: '标题', category: '类别', severity: '级别', state: '状态', store: '门店',
      department: '责任部门', assignee: '负责人', source: '来源', created: '登记时间', due: 'SLA 截止',
      escalation: '升级', customer: '客户',
    },
    filter: {
      state: '状态', store: '门店', department: '部门', category: '类别', severity: '级别',
      age: '账龄', overdue: '仅看超时', mine: '只看我的', any: '全部', search: '标题关键词',
      age1: '超过 1 天', age3: '超过 3 天', age7: '超过 7 天',
    },
    overdue: '已超时', recomplaint: '重复投诉', level: '升级 {n} 级',
    form: {
      title: '登记投诉', source: '来源', category: '类别', severity: '严重程度', subject: '投诉标题',
      description: '投诉内容', customer: '客户编号', event: '业务编号', task: '回访任务编号',
      store: '门店', submit: '登记', fromCall: '来自回访电话', saved: '投诉已登记',
    },
    detail: {
      info: '投诉信息', timeline: '处理时间线', clear: 'CLEAR 处理法', scripts: '处理话术',
      strategies: '补救策略', result: '处理结果', rootCause: '根本原因', actionTaken: '处理措施',
      remedy: '补偿/补救', strategy: '补救策略', note: '备注', addNote: '添加备注', assignTo: '分派给',
      verifyTitle: '回访验证', verifyHint: '请致电客户确认处理结果：客户是否满意？',
      satisfied: '满意，关闭投诉', notSatisfied: '不满意，重开并升级', reason: '客户不满意的原因',
      sla: 'SLA', stage: { first_response: '第一时间响应', resolution: '处理', verification: '回访验证', none: '—' },
      attachments: '附件', upload: '上传附件', actions: '整改措施', noAssignees: '本门店没有部门经理账号',
      escalateReason: '升级原因', back: '返回', clearIncomplete: '请先完成 CLEAR 五步再提交处理结果',
      by: '操作人', registeredBy: '登记', verifies: '回访 {n} 次，满意 {s} 次', linked: '关联投诉 #{id}',
    },
    clearStep: {
      control: 'Control 控制情绪', listen: 'Listen 倾听', establish: 'Establish 确认问题',
      apologize: 'Apologize 致歉', resolve: 'Resolve 解决',
    },
    act: {
      title: '整改事项', owner: '负责人', due: '完成期限', evidence: '整改证据', state: '状态',
      add: '新建整改', done: '提交完成', verify: '验证通过', reject: '验证不通过', verifyNote: '验证说明',
      states: { open: '进行中', done: '待验证', verified: '已验证' }, overdue: '逾期',
      onlyOverdue: '只看逾期', onlyOpen: '只看未完成',
    },
    fig: {
      period: '统计区间', groupBy: '分组', byStore: '按门店', byDepartment: '按部门',
      byCategory: '按类别', byMonth: '按月份', complaints: '投诉数', events: '业务量',
      complaintRate: '投诉率', firstResponse: '第一时间响应及时率', resolution: '处理及时率',
      satisfaction: '回访满意率', recomplaint: '重复投诉率', meanMinutes: '平均处理时长(分钟)',
      p90Minutes: 'P90 处理时长(分钟)', openByAge: '未结投诉账龄', group: '分组',
      buckets: { lt_1d: '1 天内', '1d_3d': '1–3 天', '3d_7d': '3–7 天', ge_7d: '7 天以上' },
    },
    notify: { title: '我的通知', read: '标为已读', unread: '未读 {n} 条', open: '查看投诉' },
    set: {
      categories: '投诉类别与话术', sla: 'SLA 与工作时间', webhook: 'Webhook 推送', mode: '计时方式',
      working: '工作时间', calendar: '自然时间', workStart: '上班时间(分钟)', workEnd: '下班时间(分钟)',
      holidays: '节假日（逗号分隔 YYYY-MM-DD）', extra: '调休上班日', window: '重复投诉判定天数',
      url: '接收地址', secret: '签名密钥（留空不改）', secretSet: '已设置密钥', code: '代码', name: '名称',
      addCategory: '新增类别', minutes: '分钟', saved: '已保存',
    },
  },
}
