-- The conversation on a ticket: comments between its unit, the centres above it and the CERT,
-- apart from the formal history (incident_events). Append-only: a comment is evidence, so the
-- platform never updates or deletes a row. mentions: the roles told by mail, comma-separated
-- (unit, centre, cert), possibly empty.
CREATE TABLE incident_comments (
  id INTEGER PRIMARY KEY,
  incident_id INTEGER NOT NULL REFERENCES incidents(id),
  author_contact_id INTEGER NOT NULL REFERENCES contacts(id),
  author_unit_id INTEGER NOT NULL REFERENCES units(id),
  author_role TEXT NOT NULL,
  body TEXT NOT NULL,
  mentions TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX incident_comments_incident ON incident_comments(incident_id, id);
