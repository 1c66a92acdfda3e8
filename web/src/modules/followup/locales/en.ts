// Follow-up calls (issue 3): messages of the follow-up module, namespace "followup".
export default {
  followup: {
    tabs: { queue: 'Call queue', customers: 'Customers', import: 'Import', rules: 'Rules', stats: 'Figures' },
    views: { today: 'Due today', retry: 'Retries', overdue: 'Overdue', upcoming: 'Upcoming', done: 'Done', all: 'All' },
    channel: { phone: 'Phone', sms: 'SMS', email: 'E-mail', wechat: 'WeChat', none: 'None' },
    mine: 'Only mine',
    status: { open: 'Open', done: 'Done', unreachable: 'Unreachable', refused: 'Refused' },
    outcome: {
      connected: 'Connected', no_answer: 'No answer', busy: 'Busy', wrong_number: 'Wrong number',
      refused: 'Refused', callback: 'Call back later',
    },
    taskType: { satisfaction: 'Satisfaction call', maintenance: 'Maintenance reminder', care: 'Care call' },
    eventType: { sale: 'Sale', service: 'Service visit', repair: 'Repair', other: 'Other' },
    col: {
      customer: 'Customer', rule: 'Follow-up', due: 'Due', windowEnd: 'On time until', status: 'Status',
      attempts: 'Attempts', lastOutcome: 'Last outcome', nextAttempt: 'Next attempt', assignee: 'Agent',
      actions: 'Actions', name: 'Name', phone: 'Mobile', email: 'E-mail', store: 'Store', tags: 'Tags',
      externalId: 'External id', type: 'Type', date: 'Date', model: 'Model', plate: 'Plate',
      vin: 'VIN', mileage: 'Mileage (km)', amount: 'Amount (yuan)', channel: 'Preferred channel',
    },
    open: 'Call',
    claim: 'Claim',
    unassigned: 'Unassigned',
    call: {
      title: 'Follow-up call', customer: 'Customer', event: 'Business event', script: 'Call script', record: 'Record this call',
      outcome: 'Outcome', notes: 'Notes', callbackAt: 'Call back at', submit: 'Save outcome', history: 'Calls',
      noCalls: 'Not called yet', reveal: 'Show number', revealed: 'Number shown (written to the audit log)', survey: 'Fill in the survey',
      complaint: 'Register a complaint', profile: 'Customer profile', closed: 'This task is closed', saved: 'Call saved',
      needOutcome: 'Choose an outcome', due: 'Due', window: 'On time until', attempts: '{n} attempts, {f} failed',
      nextAttempt: 'Next attempt from', back: 'Back to the queue',
    },
    customers: {
      search: 'Name, mobile or id', create: 'New customer', created: 'Customer created', events: 'Business events',
      tasks: 'Follow-ups', noEvents: 'No business events', noTasks: 'No follow-up tasks', dnd: 'Do not disturb', consent: 'Consents to calls',
    },
    import: {
      hint: 'Upload a customer and business-event file (CSV or Excel .xlsx) exported from the dealer management system: one customer per row, optionally with one event. Usual columns: 客户编号, 客户姓名, 手机, 门店编码, 业务单号, 业务类型, 业务日期, 员工编号, 金额, 车架号, 车牌号, 车型, 里程.',
      choose: 'Choose file', preview: 'Preview', run: 'Import', previewTitle: 'Preview (first 20 rows)', mapping: 'Columns',
      result: 'Result', rows: '{total} rows: {ok} imported, {failed} failed; {c} new customers, {e} new events',
      errors: 'Errors', download: 'Download the error report', row: 'Row', column: 'Column', reason: 'Reason', history: 'Imports',
      noFile: 'Choose a file first', done: 'Import finished', again: 'Importing the same file again creates no duplicates.',
    },
    rules: {
      edit: 'Edit rule', trigger: 'Trigger', offset: 'Day of the call', window: 'Window (days)', maxAttempts: 'Max attempts',
      retry: 'Retry after (minutes)', quiet: 'Quiet hours', survey: 'Survey id', assign: 'Assignment', active: 'Active',
      auto: 'Round robin', manual: 'Manual', script: 'Call script', days: 'day {n}', saved: 'Rule saved',
    },
    stats: {
      group: 'Group by', byStore: 'Store', byDepartment: 'Department', byAgent: 'Agent', byMonth: 'Month',
      range: 'Due between', onTime: 'On-time rate', answerRatio: 'Effective call answer ratio', reach: 'Reach rate',
      perTask: 'Attempts per task', tasksDue: 'Tasks due', attempted: 'Tasks attempted', connected: 'Connected calls', key: 'Group',
      total: 'Total', none: 'None', chartTitle: 'Rates by group (%)',
    },
  },
}
