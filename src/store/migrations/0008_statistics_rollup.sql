-- Statistics pre-aggregated per unit and month of awareness (Taiwan time), kept in step with the
-- tickets in the transaction that changes them. Each ticket counts in its own unit's rows and in
-- every ancestor's, so the figures of a subtree are the rows of its root.
CREATE TABLE incident_counts (
  unit_id INTEGER NOT NULL,
  drill INTEGER NOT NULL,
  month TEXT NOT NULL,
  dimension TEXT NOT NULL,
  value TEXT NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (unit_id, drill, month, dimension, value)
);

-- Timeliness and honesty per reporting unit, reviewing unit, and month ("202611", grain 'month'),
-- year ("2026", grain 'year') and all time ("all", grain 'all'), so long periods read few rows;
-- the durations from
-- awareness to report, report to review and awareness to recovery as bucket counts.
CREATE TABLE incident_timeliness (
  unit_id INTEGER NOT NULL,
  reviewer_unit_id INTEGER NOT NULL,
  drill INTEGER NOT NULL,
  grain TEXT NOT NULL,
  period TEXT NOT NULL,
  incidents BIGINT NOT NULL,
  late_reports BIGINT NOT NULL,
  late_ms BIGINT NOT NULL,
  raised BIGINT NOT NULL,
  under_reported BIGINT NOT NULL,
  support_requested BIGINT NOT NULL,
  to_report TEXT NOT NULL,
  to_review TEXT NOT NULL,
  to_recovery TEXT NOT NULL,
  PRIMARY KEY (unit_id, reviewer_unit_id, drill, grain, period)
);
CREATE INDEX incident_timeliness_period ON incident_timeliness(drill, grain, period);

-- Periods that do not start or end on a month boundary read their partial months' tickets: by
-- time of awareness for the whole tree, by unit and time of awareness for a small subtree.
CREATE INDEX incidents_aware ON incidents(aware_at);
DROP INDEX incidents_unit;
CREATE INDEX incidents_unit ON incidents(unit_id, aware_at);

-- Set once the sums above hold every ticket filed before they existed.
CREATE TABLE statistics_state (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
