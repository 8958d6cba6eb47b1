-- Improvement items (改善事項): corrective actions from an incident, an audit finding, a drill or
-- an advisory, owned by a unit, followed with progress and evidence until the verifier (the
-- owner's parent centre, the CERT, or the auditing unit) accepts them or sends them back.
CREATE TABLE improvement_items (
  id INTEGER PRIMARY KEY,
  owner_unit_id INTEGER NOT NULL REFERENCES units(id),
  owner_person TEXT NOT NULL DEFAULT '',
  source_kind TEXT NOT NULL,                                -- incident, audit, drill, advisory
  incident_id INTEGER REFERENCES incidents(id),
  advisory_id INTEGER REFERENCES advisories(id),
  audit_date TEXT NOT NULL DEFAULT '',                      -- YYYY-MM-DD
  auditor TEXT NOT NULL DEFAULT '',
  auditor_unit_id INTEGER REFERENCES units(id),             -- the auditing unit, which verifies
  source_reference TEXT NOT NULL DEFAULT '',                -- audit item, drill, ticket or advisory number
  category TEXT NOT NULL,                                   -- a key of the profile's categories
  severity TEXT NOT NULL,                                   -- major, minor, observation, recommendation
  finding TEXT NOT NULL,
  measure TEXT NOT NULL DEFAULT '',
  planned_on TEXT NOT NULL,                                 -- YYYY-MM-DD, Taipei
  due_at BIGINT NOT NULL,                                   -- the first moment after planned_on
  completed_on TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,                                     -- planned, in_progress, done, verified, not_accepted
  decision_reason TEXT NOT NULL DEFAULT '',
  decided_by TEXT NOT NULL DEFAULT '',
  decided_at BIGINT,
  next_reminder_at BIGINT,                                  -- the reminder job that counts; others are stale
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  status_changed_at BIGINT NOT NULL
);
CREATE INDEX improvement_items_owner ON improvement_items(owner_unit_id, status);
CREATE INDEX improvement_items_due ON improvement_items(status, due_at);
CREATE INDEX improvement_items_auditor ON improvement_items(auditor_unit_id);

-- What happened to an item, in order: created, edited, progress, done, verified, not_accepted.
CREATE TABLE improvement_updates (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES improvement_items(id),
  at BIGINT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  status_after TEXT NOT NULL
);
CREATE INDEX improvement_updates_item ON improvement_updates(item_id, id);

-- Evidence files (stored by content under the data folder's evidence/), each with its item and
-- the progress update it came with.
CREATE TABLE improvement_evidence (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES improvement_items(id),
  update_id INTEGER REFERENCES improvement_updates(id),
  file_name TEXT NOT NULL,
  declared_type TEXT NOT NULL DEFAULT '',
  size_bytes BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  uploaded_by TEXT NOT NULL,
  uploaded_at BIGINT NOT NULL
);
CREATE INDEX improvement_evidence_item ON improvement_evidence(item_id, id);
CREATE INDEX improvement_evidence_content ON improvement_evidence(sha256);

-- Weekly reminders of an item approaching or past its planned date.
ALTER TABLE jobs ADD COLUMN improvement_id INTEGER REFERENCES improvement_items(id);
