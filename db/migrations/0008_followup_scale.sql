-- 0008 follow-up at scale (issue 3): indexes that match the queries (bench/import,
-- docs/benchmarks.md), and a rule's own team. Each index of followup_tasks costs task
-- generation about 0.5 µs per task, so it keeps only those a query uses:
--  * the unique key leads with event_id: the scheduler walks events in id order, so new keys
--    are appended instead of scattered, and a customer's tasks are found through their events;
--  * the work-queue views list open tasks in id order: a partial index holds only those, so
--    the queue does not walk past every finished task (the old (tenant, store, status, due_on)
--    index could not serve that query, whose filters are all optional);
--  * figures by period keep followup_tasks_due.
DROP INDEX followup_tasks_once;
CREATE UNIQUE INDEX followup_tasks_once ON followup_tasks (event_id, rule_id, seq);
DROP INDEX followup_tasks_queue;
DROP INDEX followup_tasks_customer;
CREATE INDEX followup_tasks_open ON followup_tasks (tenant_id, id) WHERE status = 'open';

-- No query filters events by store and day; complaint figures count events by time.
DROP INDEX business_events_store_day;
CREATE INDEX business_events_time ON business_events (tenant_id, occurred_at);

-- The few customers who refused contact (do not disturb, or no consent): the scheduler reads
-- them once per rule instead of looking every event's customer up (bench/import).
CREATE INDEX customers_refused ON customers (tenant_id, id) WHERE do_not_disturb <> 0 OR consent = 0;

-- A customer's survey answers (360° page). Anonymous answers (QR cards) stay out of it.
CREATE INDEX survey_responses_customer ON survey_responses (tenant_id, customer_id, id)
    WHERE customer_id IS NOT NULL;

-- A rule may name its team: these CR agents (user ids as ",12,15,"), each taking the tasks of
-- the events of their own store; '' = every CR agent of the store, as before.
ALTER TABLE followup_rules ADD COLUMN assign_team TEXT NOT NULL DEFAULT '';
