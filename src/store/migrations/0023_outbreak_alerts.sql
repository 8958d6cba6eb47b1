-- When many units under one centre receive warnings of one kind in a short time, the centre and
-- the CERT are told once per span; what was told, and when, is kept here.
CREATE TABLE outbreak_alerts (
  id INTEGER PRIMARY KEY,
  centre_unit_id INTEGER NOT NULL REFERENCES units(id),
  subcategory TEXT NOT NULL,       -- the warnings' sub-category
  units INTEGER NOT NULL,          -- how many units had received them
  alerted_at BIGINT NOT NULL
);
CREATE INDEX outbreak_alerts_centre ON outbreak_alerts(centre_unit_id, subcategory, alerted_at);
-- Counting the units that received warnings of a kind lately.
CREATE INDEX warnings_kind_received ON warnings(subcategory, created_at);
