-- Due jobs (deadline reminders) and the outbox of messages, both written in the same
-- transaction as the change that makes them.

CREATE TABLE jobs (
  id INTEGER PRIMARY KEY,
  due_at BIGINT NOT NULL,
  kind TEXT NOT NULL,
  incident_id INTEGER REFERENCES incidents(id),
  created_at BIGINT NOT NULL,
  done_at BIGINT
);
-- Only jobs not yet done are indexed, so a tick reads what is due and nothing else.
CREATE INDEX jobs_pending ON jobs(due_at) WHERE done_at IS NULL;

CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  channel TEXT NOT NULL,
  recipient TEXT NOT NULL,
  recipient_name TEXT NOT NULL,
  locale TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  kind TEXT NOT NULL,
  incident_id INTEGER REFERENCES incidents(id),
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at BIGINT NOT NULL,
  last_error TEXT,
  created_at BIGINT NOT NULL,
  sent_at BIGINT
);
CREATE INDEX outbox_pending ON outbox(next_attempt_at) WHERE state = 'pending';
CREATE INDEX outbox_incident ON outbox(incident_id);

CREATE TABLE outbox_attempts (
  id INTEGER PRIMARY KEY,
  message_id INTEGER NOT NULL REFERENCES outbox(id),
  at BIGINT NOT NULL,
  ok INTEGER NOT NULL,
  error TEXT
);
CREATE INDEX outbox_attempts_message ON outbox_attempts(message_id);
