-- Jobs about early warnings (the overdue reminder).
ALTER TABLE jobs ADD COLUMN warning_id INTEGER REFERENCES warnings(id);
