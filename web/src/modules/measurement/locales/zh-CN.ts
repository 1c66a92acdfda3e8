// 满意度测评: messages of the figures page, namespace "measure".
export default {
  measure: {
    title: '满意度测评', survey: '问卷', period: '时间段', store: '门店', allStores: '全部门店', channel: '渠道', allChannels: '全部渠道',
    responses: '回答数', nps: 'NPS', margin: '95% 置信区间 ±{m}', csat: 'CSAT(前两格占比)', alerts: '低分预警',
    promoters: '推荐者', passives: '中立者', detractors: '贬损者', servqual: 'SERVQUAL 五维度', perception: '感知 P', expectation: '期望 E',
    gap: '差距 P−E', weighted: '加权 SERVQUAL 得分', unweighted: '未加权得分', weight: '权重', dimension: '维度', trend: '每日趋势', byChannel: '各渠道',
    noData: '暂无数据', items: '{n} 条评分',
    weightsRespondents: '权重：来自 {n} 位受访者的100分分配', weightsConfigured: '权重：配置',
    weightsConfiguredNoPoints: '权重：配置(尚无受访者完成100分分配)', weightsNone: '权重：未设置,无加权得分',
  },
}
