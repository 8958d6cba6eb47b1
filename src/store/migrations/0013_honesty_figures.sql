-- Two more figures of honesty, kept on the ticket so statistics read them from the covering index
-- and keep their sums like the others: a reviewer accepted a level below the computed one, and a
-- time the unit gave (a recovery, a report made by other means) was entered long after it.
ALTER TABLE incidents ADD COLUMN accepted_below_computed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE incidents ADD COLUMN entered_long_after INTEGER NOT NULL DEFAULT 0;
UPDATE incidents SET accepted_below_computed = 1 WHERE below_computed_reason IS NOT NULL AND level < computed_level;
-- The recovery entered more than a day after it is said to have happened; reports made by other
-- means are read from the tickets' reports when the sums are refilled at start.
UPDATE incidents SET entered_long_after = 1
  WHERE responded_at IS NOT NULL AND resolved_at IS NOT NULL AND responded_at - resolved_at > 86400000;

ALTER TABLE incident_timeliness ADD COLUMN accepted_below_computed BIGINT NOT NULL DEFAULT 0;
ALTER TABLE incident_timeliness ADD COLUMN entered_long_after BIGINT NOT NULL DEFAULT 0;

DROP INDEX incidents_aware_figures;
CREATE INDEX incidents_aware_figures ON incidents(aware_at, unit_id, reviewer_unit_id, state, drill, type, subcategory,
                                                  level, chosen_level, computed_level, reported_at, reviewed_at,
                                                  resolved_at, support_needed, accepted_below_computed,
                                                  entered_long_after);
