-- The month of awareness in Taiwan time (YYYYMM), so statistics group by month in plain SQL.
ALTER TABLE incidents ADD COLUMN aware_month TEXT;
CREATE INDEX incidents_month ON incidents(aware_month, type);
