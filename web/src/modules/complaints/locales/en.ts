// Complaint closed loop (issue 5): English messages, namespace "complaint".
import zhCN from './zh-CN'

const c = zhCN.complaint
export default {
  complaint: {
    ...c,
    tabs: { inbox: 'Complaints', board: 'Board', actions: 'Corrective actions', figures: 'Figures', notifications: 'Notifications', settings: 'Settings' },
    inboxCr: 'CR to-do: to route, to verify, reopened', queueDept: 'My department\'s complaints', all: 'All complaints',
    create: 'Register complaint',
    state: {
      registered: 'Registered', assigned: 'Assigned', in_progress: 'In progress', result_written: 'Result written',
      returned_to_cr: 'Back to CR', verifying: 'Verifying', closed: 'Closed', reopened: 'Reopened',
    },
    severity: { normal: 'Normal', urgent: 'Urgent', critical: 'Critical / safety' },
    source: { followup_call: 'Follow-up call', survey: 'Low survey score', hotline: 'Hotline', walk_in: 'Walk-in', online: 'Online', manufacturer: 'Manufacturer' },
    action: {
      assign: 'Assign', accept: 'Accept', write_result: 'Submit result', return_to_cr: 'Return to CR',
      start_verify: 'Start verification call', close: 'Satisfied: close', reopen: 'Not satisfied: reopen', escalate: 'Escalate',
    },
  },
}
