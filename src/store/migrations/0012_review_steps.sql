-- The centre reviews a report as soon as it is filed and approves the response later: a ticket
-- keeps its first filing (reported_at) and its latest (filed_at, from which the review runs again
-- after a return), the approval of its response, and the reason a reviewer gave for accepting a
-- level below the one its answers give.
ALTER TABLE incidents ADD COLUMN filed_at BIGINT;
ALTER TABLE incidents ADD COLUMN approved_at BIGINT;
ALTER TABLE incidents ADD COLUMN below_computed_reason TEXT;
