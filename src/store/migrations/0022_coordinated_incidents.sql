-- A coordinated incident: a centre's parent ticket for an outbreak across its schools, with a
-- child ticket per school. The parent closes only when every child has.
ALTER TABLE incidents ADD COLUMN parent_id INTEGER REFERENCES incidents(id);
CREATE INDEX incidents_parent ON incidents(parent_id) WHERE parent_id IS NOT NULL;
