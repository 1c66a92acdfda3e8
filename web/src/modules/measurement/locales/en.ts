// Satisfaction measurement: messages of the figures page, namespace "measure".
export default {
  measure: {
    title: 'Satisfaction measurement', survey: 'Survey', period: 'Period', store: 'Store', allStores: 'All stores', channel: 'Channel', allChannels: 'All channels',
    responses: 'Responses', nps: 'NPS', margin: '95% interval ±{m}', csat: 'CSAT (top-2 box)', alerts: 'Low-score alerts',
    promoters: 'Promoters', passives: 'Passives', detractors: 'Detractors', servqual: 'SERVQUAL dimensions', perception: 'Perception P', expectation: 'Expectation E',
    gap: 'Gap P−E', weighted: 'Weighted SERVQUAL score', unweighted: 'Unweighted score', weight: 'Weight', dimension: 'Dimension', trend: 'Per day', byChannel: 'By channel',
    noData: 'No data yet', items: '{n} ratings',
    weightsRespondents: 'Weights: the 100-point allocation of respondents (n = {n})', weightsConfigured: 'Weights: configured',
    weightsConfiguredNoPoints: 'Weights: configured (no respondent has shared the 100 points yet)', weightsNone: 'Weights: none, so no weighted score',
  },
}
