-- 0010 follow-up rules assign their tasks to a role (issue 3: "team or role to assign"). Besides
-- the CR agents of the store (cr_agent, as before), a rule may give its tasks to the staff
-- (员工) or the department manager (部门经理) of the event's store and department: maintenance
-- reminders made by the service department's 服务顾问, care calls by the sales department.
-- docs/api/README.md ("Follow-up tasks by role") has the rules; service/followup.c obeys them.

-- cr_agent | staff | dept_manager; the shipped defaults stay with the CR agents.
ALTER TABLE followup_rules ADD COLUMN assign_role TEXT NOT NULL DEFAULT 'cr_agent';

-- The role whose users work a task, fixed when the task is made: staff or dept_manager for a
-- task of a department rule whose event has a department; NULL = cr_agent (every task made
-- before this migration, the tasks of cr_agent rules, and those of department rules whose event
-- has no department, which fall back to the store's CR agents). NULL rather than a default:
-- the scheduler's statement for cr_agent rules does not name the column, so it writes nothing
-- more per task (bench/import).
ALTER TABLE followup_tasks ADD COLUMN assign_role TEXT;

-- The round-robin position of a department's team of a role, kept across scheduler runs like
-- followup_rr keeps a store's CR team's (department ids are unique in the table: a department
-- names its store too).
CREATE TABLE followup_rr_dept (
    tenant_id      BIGINT NOT NULL REFERENCES tenants(id),
    department_id  BIGINT NOT NULL REFERENCES departments(id),
    role           TEXT NOT NULL,
    position       BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, department_id, role)
);
