-- The investigation, handling and improvement report (調查、處理及改善報告) of a ticket, as a
-- structured record: its sections and measures (report_json), drafted and submitted by the unit,
-- accepted by the reviewing centre and then the CERT, or returned with a reason. Its first
-- submission meets the ticket's investigation-report deadline as an attached report does.
CREATE TABLE improvement_reports (
  incident_id INTEGER PRIMARY KEY REFERENCES incidents(id),
  status TEXT NOT NULL,                 -- draft, submitted, centre_accepted, accepted, returned
  report_json TEXT NOT NULL,            -- sections, measures (with the items made of them)
  return_reason TEXT NOT NULL DEFAULT '',
  first_submitted_at BIGINT,
  submitted_at BIGINT,
  centre_accepted_by TEXT NOT NULL DEFAULT '',
  centre_accepted_at BIGINT,
  accepted_by TEXT NOT NULL DEFAULT '',
  accepted_at BIGINT,
  updated_by TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
