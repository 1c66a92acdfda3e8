// Simplified Chinese: the default language and the schema the other locales must match.
const zhCN = {
  app: { name: '满意', subtitle: '客户满意度管理系统' },
  common: {
    create: '新建', edit: '编辑', save: '保存', cancel: '取消', confirm: '确定', close: '关闭',
    deactivate: '停用', reactivate: '启用', search: '搜索', reset: '重置', refresh: '刷新',
    actions: '操作', status: '状态', active: '启用', inactive: '已停用', all: '全部',
    loadMore: '加载更多', loading: '加载中…', noData: '暂无数据', createdAt: '创建时间',
    updatedAt: '更新时间', saved: '已保存', created: '已创建', yes: '是', no: '否',
    copy: '复制', copied: '已复制', comingSoon: '即将推出', soon: '即将推出', showInactive: '显示已停用',
    optional: '选填', none: '无', id: 'ID',
  },
  login: {
    title: '登录', username: '用户名', password: '密码', submit: '登录',
    usernameRequired: '请输入用户名', passwordRequired: '请输入密码',
    badCredentials: '用户名或密码错误', throttled: '登录失败次数过多，请 15 分钟后再试',
    tagline: '测评 · 回访 · 投诉闭环 · 绩效考核 — 让每一位客户满意',
  },
  header: {
    toggleSidebar: '展开/收起菜单', language: '语言', changePassword: '修改密码', logout: '退出登录',
    loggedOut: '已退出登录',
  },
  nav: {
    dashboard: '首页', measurement: '满意度测评', surveys: '问卷与反馈', followUps: '回访管理',
    complaints: '投诉处理', serviceAudit: '服务审核', performance: '绩效考核',
    employeeFeedback: '员工反馈', momentsOfTruth: '关键时刻', improvement: '满意度提升',
    loyalty: '客户忠诚度', textAnalysis: '文本分析', organization: '组织管理', stores: '门店',
    departments: '部门', employees: '员工', users: '用户与角色', settings: '系统设置',
    audit: '审计日志', tokens: 'API 令牌', password: '修改密码',
  },
  roles: {
    admin: '系统管理员', store_manager: '店长/总经理', dept_manager: '部门经理',
    cr_agent: '客服专员', staff: '员工', auditor: '审核员',
  },
  roleScopes: {
    admin: '整个集团（租户），可管理全部数据、用户、角色与 API 令牌',
    store_manager: '本门店：管理本店部门和员工，查看本店用户',
    dept_manager: '本部门：管理本部门员工；可接分配给部门经理的回访任务',
    cr_agent: '本门店：只读组织信息，负责回访与投诉登记',
    staff: '本部门：只读组织信息；可接分配给员工的回访任务（如保养提醒）',
    auditor: '整个集团（租户）：只读，可查看审计日志',
  },
  departmentKinds: {
    sales: '销售部', after_sales: '售后服务部', cr: '客服部', admin: '行政部', other: '其他',
  },
  dashboard: {
    welcome: '欢迎回来，{name}', tenant: '集团', stores: '门店', departments: '部门',
    employees: '员工', users: '用户', employeesPerStore: '各门店员工人数',
    moreThan: '{n}+', noEmployees: '还没有员工，先到“员工”页面添加。',
    gettingStarted: '开始使用', step1: '在“门店”中建立各门店', step2: '为每个门店设置部门（销售部、售后服务部、客服部 …）',
    step3: '录入员工并为他们开通账号', roleLine: '当前角色：{role}',
  },
  stores: {
    title: '门店', create: '新建门店', edit: '编辑门店', code: '门店编码', name: '门店名称',
    city: '城市', address: '地址', phone: '电话',
    codeRule: '1–32 位字母、数字、下划线或连字符', nameRule: '门店名称 1–100 个字符',
    confirmDeactivate: '确定停用门店“{name}”吗？停用后不再出现在日常选择中，数据保留。',
  },
  departments: {
    title: '部门', create: '新建部门', edit: '编辑部门', name: '部门名称', kind: '类型',
    store: '所属门店', filterStore: '按门店筛选', nameRule: '部门名称 1–100 个字符',
    storeRequired: '请选择所属门店', kindRequired: '请选择部门类型',
    confirmDeactivate: '确定停用部门“{name}”吗？',
  },
  employees: {
    title: '员工', create: '新建员工', edit: '编辑员工', name: '姓名', employeeNo: '工号',
    position: '岗位', phone: '手机号', email: '邮箱', store: '门店', department: '部门',
    searchPlaceholder: '姓名或工号', nameRule: '姓名 1–100 个字符',
    phoneRule: '请输入 11 位中国大陆手机号（可带 +86、空格或连字符）', emailRule: '邮箱格式不正确',
    storeRequired: '请选择门店', departmentRequired: '请选择部门',
    employeeNoRule: '工号最多 32 个字符', confirmDeactivate: '确定停用员工“{name}”吗？',
    positionPlaceholder: '如：客服专员、服务顾问、销售顾问',
  },
  users: {
    title: '用户与角色', usersTab: '用户', rolesTab: '角色', create: '新建用户', edit: '编辑用户',
    username: '用户名', displayName: '显示名称', role: '角色', store: '门店', department: '部门',
    employee: '关联员工', password: '初始密码', newPassword: '重设密码', lastLogin: '最近登录',
    usernameRule: '3–64 位字母、数字或 . _ @ -', displayNameRule: '显示名称 1–100 个字符',
    passwordRule: '密码 10–128 个字符', passwordKeep: '留空则不修改',
    roleRequired: '请选择角色', storeRequired: '该角色需要指定门店',
    departmentRequired: '该角色需要指定部门', scope: '数据范围', readOnly: '只读：仅系统管理员可管理用户',
    confirmDeactivate: '确定停用用户“{name}”吗？该用户的所有会话将立即失效。',
    never: '从未登录',
  },
  audit: {
    title: '审计日志', at: '时间', user: '操作人', action: '动作', entity: '对象', entityId: '对象 ID',
    ip: 'IP 地址', before: '修改前', after: '修改后', filterEntity: '对象类型', filterUser: '操作人 ID',
    actions: {
      create: '新建', update: '修改', delete: '停用/删除', login: '登录', logout: '退出',
      password: '修改密码', view_pii: '查看个人信息',
    },
    entities: {
      store: '门店', department: '部门', employee: '员工', user: '用户', token: 'API 令牌', api_token: 'API 令牌',
      tenant: '集团', session: '会话',
    },
  },
  tokens: {
    title: 'API 令牌', create: '新建令牌', prefix: '令牌前缀', name: '名称', role: '角色', lastUsed: '最近使用',
    revoke: '吊销', revoked: '已吊销', confirmRevoke: '确定吊销令牌“{name}”吗？使用它的集成将立即失效。',
    createdTitle: '令牌已创建', shownOnce: '请立即复制并妥善保存，此令牌只显示这一次。',
    nameRule: '名称 1–100 个字符', hint: '供外部系统（DMS、呼叫中心等）通过 Authorization: Bearer 调用接口。',
  },
  password: {
    title: '修改密码', old: '当前密码', new: '新密码', repeat: '确认新密码',
    rule: '新密码 10–128 个字符', mismatch: '两次输入的新密码不一致', oldRequired: '请输入当前密码',
    sameAsOld: '新密码不能与当前密码相同', oldWrong: '当前密码不正确',
    done: '密码已修改，其他设备上的登录已退出',
  },
  errors: {
    invalid_json: '请求格式错误', invalid: '输入内容不符合要求', unauthorized: '登录已失效，请重新登录',
    csrf: '页面已过期，请刷新后重试', forbidden: '您没有执行此操作的权限', not_found: '数据不存在或无权查看',
    method_not_allowed: '不支持的操作', conflict: '与已有数据冲突（例如编码或名称重复）',
    too_large: '提交的内容过大', unsupported_media_type: '不支持的内容类型',
    throttled: '操作过于频繁，请稍后再试', internal: '服务器内部错误，请稍后再试',
    unavailable: '服务暂时不可用，请稍后再试', network: '无法连接服务器，请检查网络',
    unknown: '发生未知错误', conflictField: '该值已被使用，请换一个', invalidField: '内容不符合要求', fieldDetail: '{message}（{detail}）',
  },
  notFound: { title: '页面不存在', back: '返回首页' },
}

export default zhCN
export type MessageSchema = typeof zhCN
