// 滿意度測評: messages of the figures page, namespace "measure".
export default {
  measure: {
    title: '滿意度測評', survey: '問卷', period: '時間段', store: '門市', allStores: '全部門市', channel: '管道', allChannels: '全部管道',
    responses: '回答數', nps: 'NPS', margin: '95% 信賴區間 ±{m}', csat: 'CSAT(前兩格佔比)', alerts: '低分預警',
    promoters: '推薦者', passives: '中立者', detractors: '貶損者', servqual: 'SERVQUAL 五維度', perception: '感知 P', expectation: '期望 E',
    gap: '差距 P−E', weighted: '加權 SERVQUAL 得分', unweighted: '未加權得分', weight: '權重', dimension: '維度', trend: '每日趨勢', byChannel: '各管道',
    noData: '暫無資料', items: '{n} 筆評分',
    weightsRespondents: '權重：來自 {n} 位受訪者的100分分配', weightsConfigured: '權重：設定',
    weightsConfiguredNoPoints: '權重：設定(尚無受訪者完成100分分配)', weightsNone: '權重：未設定,無加權得分',
  },
}
