-- A subtree's tickets newest first (a county centre's list or CSV export): each unit's tickets in
-- id order with their state at hand, so a page is read from the index alone instead of walking
-- every ticket in the country newest first and keeping the subtree's one in twenty.
CREATE INDEX incidents_unit_newest ON incidents(unit_id, id, state);
