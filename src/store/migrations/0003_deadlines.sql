-- When the reviewing centre first acted on a ticket: the review deadline is met by it.
ALTER TABLE incidents ADD COLUMN reviewed_at BIGINT;
