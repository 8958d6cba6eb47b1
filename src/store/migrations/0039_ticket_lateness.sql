-- When each ticket becomes late and overdue (core::lateness_marks), kept with it so that a list of
-- late tickets reads an index instead of computing every ticket's deadlines (a county's history
-- took more than a second at a million tickets, the country's ten). They follow from the ticket's
-- moments and the policy profiles in force: written with every change of the ticket, and for every
-- ticket again, in the background, when the profiles change (`basis` names those they were
-- computed under; tickets with an id below next_id are done, and a NULL next_id means all are).
-- Until then lists compute lateness as before.
ALTER TABLE incidents ADD COLUMN late_from BIGINT;
ALTER TABLE incidents ADD COLUMN overdue_from BIGINT;
-- Most tickets become late at some time: a county's total of its late ones is counted from the
-- unit index, which holds the mark too; its page, and the country's, walk the index of late ones.
-- Overdue ones (a deadline not yet met) are few.
DROP INDEX incidents_unit_newest;
CREATE INDEX incidents_unit_newest ON incidents(unit_id, id, state, type, drill, level, late_from);
CREATE INDEX incidents_late ON incidents(id, unit_id, state, late_from) WHERE late_from IS NOT NULL;
CREATE INDEX incidents_overdue ON incidents(id, unit_id, state, overdue_from) WHERE overdue_from IS NOT NULL;
CREATE TABLE ticket_lateness_progress (basis TEXT NOT NULL, next_id BIGINT);
INSERT INTO ticket_lateness_progress (basis, next_id) VALUES ('', 0);
