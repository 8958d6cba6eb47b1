-- The organisation tree, its contacts (who sign in), sessions, API keys, sign-in records and
-- the audit chain. Times are milliseconds since the Unix epoch, UTC.

CREATE TABLE units (
  id INTEGER PRIMARY KEY,
  oid TEXT NOT NULL UNIQUE,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  parent_id INTEGER REFERENCES units(id),
  path TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX units_parent ON units(parent_id);
CREATE INDEX units_path ON units(path);

CREATE TABLE unit_ip_ranges (
  unit_id INTEGER NOT NULL REFERENCES units(id),
  cidr TEXT NOT NULL,
  PRIMARY KEY (unit_id, cidr)
);

CREATE TABLE contacts (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  slot INTEGER NOT NULL CHECK (slot BETWEEN 1 AND 5),
  account TEXT NOT NULL,
  name TEXT NOT NULL,
  title TEXT NOT NULL,
  email TEXT NOT NULL,
  mobile TEXT NOT NULL,
  phone TEXT NOT NULL,
  locale TEXT NOT NULL,
  account_manager INTEGER NOT NULL,
  active INTEGER NOT NULL,
  password_hash TEXT,
  must_change_password INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (unit_id, slot),
  UNIQUE (unit_id, account)
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  contact_id INTEGER NOT NULL REFERENCES contacts(id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_contact ON sessions(contact_id);

CREATE TABLE api_keys (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  name TEXT NOT NULL,
  key_hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT
);

-- Failed sign-ins per (unit OID, account), kept whether or not the account exists.
CREATE TABLE login_throttle (
  oid TEXT NOT NULL,
  account TEXT NOT NULL,
  failures INTEGER NOT NULL,
  last_failure BIGINT NOT NULL,
  locked_until BIGINT NOT NULL,
  PRIMARY KEY (oid, account)
);

CREATE TABLE login_events (
  id INTEGER PRIMARY KEY,
  at BIGINT NOT NULL,
  oid TEXT NOT NULL,
  account TEXT NOT NULL,
  contact_id INTEGER,
  remote TEXT NOT NULL,
  outcome TEXT NOT NULL
);
CREATE INDEX login_events_at ON login_events(at);

-- Append-only; each entry's hash covers its content and the previous entry's hash.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at BIGINT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  before_json TEXT,
  after_json TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);

CREATE TABLE settings (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
