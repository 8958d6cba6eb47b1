-- Advisories: the CERT (or a centre, for its subtree) tells units of a threat or vulnerability;
-- each unit answers whether it is affected, by the reply date.
CREATE TABLE advisories (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  issuer_unit_id INTEGER NOT NULL REFERENCES units(id),
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  severity TEXT NOT NULL,               -- low, medium, high, critical
  products TEXT NOT NULL DEFAULT '',    -- one per line: CPE names or free text
  cves TEXT NOT NULL DEFAULT '',        -- one per line
  refs TEXT NOT NULL DEFAULT '',        -- one per line
  reply_by BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX advisories_issuer ON advisories(issuer_unit_id, id);

-- Who it went to, and what each answered.
CREATE TABLE advisory_recipients (
  advisory_id INTEGER NOT NULL REFERENCES advisories(id),
  unit_id INTEGER NOT NULL REFERENCES units(id),
  answer TEXT NOT NULL DEFAULT '',      -- '' until answered; affected, not_affected, patched, mitigated
  note TEXT NOT NULL DEFAULT '',
  answered_by TEXT NOT NULL DEFAULT '',
  answered_at BIGINT,
  PRIMARY KEY (advisory_id, unit_id)
);
CREATE INDEX advisory_recipients_unit ON advisory_recipients(unit_id, advisory_id);

-- Reminders to the units that have not answered: the day before the reply date, and at it.
ALTER TABLE jobs ADD COLUMN advisory_id INTEGER REFERENCES advisories(id);
