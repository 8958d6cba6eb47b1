-- Ticket lists filtered by sub-category, newest first: the index walks one sub-category's tickets
-- in id order, with their unit and state at hand, so a page (and its capped total) stops early
-- instead of reading every ticket.
CREATE INDEX incidents_subcategory ON incidents(subcategory, id, unit_id, state);
