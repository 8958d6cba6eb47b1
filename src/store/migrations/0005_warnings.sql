-- Early warnings (EWA): issued by a SOC or the CERT, routed to the unit owning the address.
CREATE TABLE warnings (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  issuer_unit_id INTEGER NOT NULL REFERENCES units(id),
  unit_id INTEGER REFERENCES units(id),
  host TEXT NOT NULL,
  subcategory TEXT NOT NULL,
  addresses_json TEXT NOT NULL,
  port INTEGER,
  protocol TEXT NOT NULL,
  observed_at BIGINT NOT NULL,
  first_seen BIGINT NOT NULL,
  last_seen BIGINT NOT NULL,
  repeat_count INTEGER NOT NULL,
  description TEXT NOT NULL,
  evidence TEXT NOT NULL,
  rule_id TEXT NOT NULL,
  state TEXT NOT NULL,
  reply TEXT,
  reply_reason TEXT,
  replied_by TEXT,
  replied_at BIGINT,
  incident_id INTEGER REFERENCES incidents(id),
  due_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
-- Repeats merge into the open warning for the same host and sub-category.
CREATE INDEX warnings_open_host ON warnings(host, subcategory) WHERE state = 'open';
CREATE INDEX warnings_unit_state ON warnings(unit_id, state);
CREATE INDEX warnings_issuer ON warnings(issuer_unit_id, rule_id);
