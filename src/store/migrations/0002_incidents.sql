-- Incident tickets, their timelines and evidence files.

-- Serial numbers per issuer, type and month: incremented inside the filing transaction, so no
-- number is skipped or given twice.
CREATE TABLE ticket_counters (
  issuer TEXT NOT NULL,
  type TEXT NOT NULL,
  year_month TEXT NOT NULL,
  last_serial INTEGER NOT NULL,
  PRIMARY KEY (issuer, type, year_month)
);

-- Columns that lists, queues and statistics filter on; the rest of the report and response as JSON.
CREATE TABLE incidents (
  id INTEGER PRIMARY KEY,
  number TEXT UNIQUE,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  reviewer_unit_id INTEGER REFERENCES units(id),
  type TEXT NOT NULL,
  subcategory TEXT NOT NULL,
  state TEXT NOT NULL,
  drill INTEGER NOT NULL,
  level INTEGER NOT NULL,
  chosen_level INTEGER NOT NULL,
  computed_level INTEGER NOT NULL,
  aware_at BIGINT,
  occurred_at BIGINT,
  reported_at BIGINT,
  responded_at BIGINT,
  resolved_at BIGINT,
  closed_at BIGINT,
  support_needed INTEGER NOT NULL,
  support_taken_by TEXT,
  support_taken_at BIGINT,
  personal_data INTEGER NOT NULL,
  law_enforcement INTEGER NOT NULL,
  report_json TEXT NOT NULL,
  response_json TEXT,
  notification_json TEXT,
  referral_json TEXT,
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX incidents_unit ON incidents(unit_id);
CREATE INDEX incidents_state ON incidents(state);
CREATE INDEX incidents_reported ON incidents(reported_at);

CREATE TABLE incident_events (
  id INTEGER PRIMARY KEY,
  incident_id INTEGER NOT NULL REFERENCES incidents(id),
  at BIGINT NOT NULL,
  actor TEXT NOT NULL,
  kind TEXT NOT NULL,
  from_state TEXT,
  to_state TEXT,
  detail_json TEXT
);
CREATE INDEX incident_events_incident ON incident_events(incident_id, id);

-- Evidence files live under DATA/attachments by their SHA-256; this is their record.
CREATE TABLE attachments (
  id INTEGER PRIMARY KEY,
  incident_id INTEGER NOT NULL REFERENCES incidents(id),
  file_name TEXT NOT NULL,
  kind TEXT NOT NULL,
  declared_type TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  uploaded_by TEXT NOT NULL,
  uploaded_at BIGINT NOT NULL
);
CREATE INDEX attachments_incident ON attachments(incident_id);
