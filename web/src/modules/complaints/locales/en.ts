// Complaint closed loop (issue 5): English messages of the complaint module, namespace "complaint".
export default {
  complaint: {
    tabs: {
      inbox: 'Complaints', board: 'Board', actions: 'Corrective actions', figures: 'Figures',
      notifications: 'Notifications', settings: 'Settings',
    },
    inboxCr: 'CR to-do: to route, to verify, reopened', queueDept: 'My department\'s complaints', all: 'All complaints',
    create: 'Register complaint',
    state: {
      registered: 'Registered', assigned: 'Assigned', in_progress: 'In progress', result_written: 'Result written',
      returned_to_cr: 'Back to CR', verifying: 'Verifying', closed: 'Closed', reopened: 'Reopened',
    },
    severity: { normal: 'Normal', urgent: 'Urgent', critical: 'Critical / safety' },
    source: {
      followup_call: 'Follow-up call', survey: 'Low survey score', hotline: 'Hotline', walk_in: 'Walk-in', online: 'Online',
      manufacturer: 'Manufacturer',
    },
    action: {
      assign: 'Assign', accept: 'Accept', write_result: 'Submit result', return_to_cr: 'Return to CR',
      start_verify: 'Start verification call', close: 'Satisfied: close', reopen: 'Not satisfied: reopen', escalate: 'Escalate',
    },
    kind: {
      register: 'Registered', note: 'Note', clear: 'CLEAR checklist', sla_escalate: 'SLA escalation',
      recomplaint: 'Repeat complaint', recomplaint_linked: 'Repeat complaint linked', attachment: 'Attachment uploaded',
      action_created: 'Corrective action created', action_done: 'Corrective action done',
      action_verified: 'Corrective action verified', action_rejected: 'Corrective action rejected',
      action_updated: 'Corrective action updated',
    },
    col: {
      id: 'No.', title: 'Title', category: 'Category', severity: 'Severity', state: 'Status', store: 'Store',
      department: 'Responsible department', assignee: 'Assignee', source: 'Source', created: 'Registered', due: 'SLA due',
      escalation: 'Escalation', customer: 'Customer',
    },
    filter: {
      state: 'Status', store: 'Store', department: 'Department', category: 'Category', severity: 'Severity',
      age: 'Age', overdue: 'Overdue only', mine: 'Mine only', any: 'All', search: 'Title keyword',
      age1: 'Over 1 day', age3: 'Over 3 days', age7: 'Over 7 days',
    },
    overdue: 'Overdue', recomplaint: 'Repeat complaint', level: 'Escalation level {n}',
    form: {
      title: 'Register complaint', source: 'Source', category: 'Category', severity: 'Severity', subject: 'Subject',
      description: 'Description', customer: 'Customer ID', event: 'Business event ID', task: 'Follow-up task ID',
      store: 'Store', submit: 'Register', fromCall: 'From a follow-up call', saved: 'Complaint registered',
    },
    detail: {
      info: 'Complaint details', timeline: 'Timeline', clear: 'CLEAR method', scripts: 'Scripts',
      strategies: 'Recovery strategies', result: 'Resolution', rootCause: 'Root cause', actionTaken: 'Action taken',
      remedy: 'Compensation / remedy', strategy: 'Recovery strategy', note: 'Note', addNote: 'Add note', assignTo: 'Assign to',
      verifyTitle: 'Verification call', verifyHint: 'Call the customer to confirm the resolution: are they satisfied?',
      satisfied: 'Satisfied: close complaint', notSatisfied: 'Not satisfied: reopen and escalate', reason: 'Why the customer is not satisfied',
      sla: 'SLA', stage: { first_response: 'First response', resolution: 'Resolution', verification: 'Verification call', none: '—' },
      attachments: 'Attachments', upload: 'Upload attachment', actions: 'Corrective actions', noAssignees: 'This store has no department manager accounts',
      escalateReason: 'Escalation reason', back: 'Back', clearIncomplete: 'Complete all five CLEAR steps before submitting the result',
      by: 'By', registeredBy: 'Registered', verifies: '{n} verification calls, {s} satisfied', linked: 'Linked complaint #{id}',
    },
    clearStep: {
      control: 'Control: calm the situation', listen: 'Listen: hear the customer out', establish: 'Establish: confirm the problem',
      apologize: 'Apologize: say sorry sincerely', resolve: 'Resolve: fix the problem',
    },
    act: {
      title: 'Corrective action', owner: 'Owner', due: 'Due date', evidence: 'Evidence', state: 'Status',
      add: 'New corrective action', done: 'Mark done', verify: 'Verify', reject: 'Reject', verifyNote: 'Verification note',
      states: { open: 'Open', done: 'Awaiting verification', verified: 'Verified' }, overdue: 'Overdue',
      onlyOverdue: 'Overdue only', onlyOpen: 'Open only',
    },
    fig: {
      period: 'Period', groupBy: 'Group by', byStore: 'By store', byDepartment: 'By department',
      byCategory: 'By category', byMonth: 'By month', complaints: 'Complaints', events: 'Business events',
      complaintRate: 'Complaint rate', firstResponse: 'First response within SLA', resolution: 'Resolved within SLA',
      satisfaction: 'Satisfied at verification', recomplaint: 'Repeat complaint rate', meanMinutes: 'Mean handling time (min)',
      p90Minutes: 'P90 handling time (min)', openByAge: 'Open complaints by age', group: 'Group',
      buckets: { lt_1d: 'Under 1 day', '1d_3d': '1–3 days', '3d_7d': '3–7 days', ge_7d: '7 days or more' },
    },
    notify: { title: 'My notifications', read: 'Mark as read', unread: '{n} unread', open: 'Open complaint' },
    set: {
      categories: 'Categories & scripts', sla: 'SLA & working hours', webhook: 'Webhook', mode: 'Time basis',
      working: 'Working hours', calendar: 'Calendar time', workStart: 'Work starts (minute of day)', workEnd: 'Work ends (minute of day)',
      holidays: 'Holidays (comma-separated YYYY-MM-DD)', extra: 'Make-up working days', window: 'Repeat-complaint window (days)',
      url: 'Endpoint URL', secret: 'Signing secret (leave empty to keep)', secretSet: 'Secret is set', code: 'Code', name: 'Name',
      addCategory: 'New category', minutes: 'minutes', saved: 'Saved',
    },
  },
}
