// 投訴處理閉環: the Traditional Chinese messages start from the Simplified ones; terms that
// differ are overridden here.
import zhCN from './zh-CN'

const c = zhCN.complaint
export default {
  complaint: {
    ...c,
    tabs: { ...c.tabs, inbox: '投訴工作台', board: '狀態看板', actions: '整改跟蹤', figures: '投訴指標', notifications: '通知', settings: '投訴設置' },
    create: '登記投訴',
  },
}
