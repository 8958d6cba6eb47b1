-- Count sums stored in the order they are read: each unit's rows together, by drill and month,
-- so a subtree's figures over a period are one run of adjacent rows instead of a lookup per row.
-- (SQLite keeps a table without row ids in the order of its primary key; the rows are small.)
CREATE TABLE incident_counts_by_unit (
  unit_id INTEGER NOT NULL,
  drill INTEGER NOT NULL,
  month TEXT NOT NULL,
  dimension TEXT NOT NULL,
  value TEXT NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (unit_id, drill, month, dimension, value)
) WITHOUT ROWID;
INSERT INTO incident_counts_by_unit (unit_id, drill, month, dimension, value, n)
  SELECT unit_id, drill, month, dimension, value, n FROM incident_counts;
DROP TABLE incident_counts;
ALTER TABLE incident_counts_by_unit RENAME TO incident_counts;

-- The partial months of a period are read from the tickets by time of awareness: this index holds
-- every column those figures need, so reading them never visits the tickets' own (wide) rows.
CREATE INDEX incidents_aware_figures ON incidents(aware_at, unit_id, reviewer_unit_id, state, drill, type, subcategory,
                                                  level, chosen_level, computed_level, reported_at, reviewed_at,
                                                  resolved_at, support_needed);
DROP INDEX incidents_aware;
