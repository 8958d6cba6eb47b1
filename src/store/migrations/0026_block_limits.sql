-- How long a centre lets its units' addresses stay blocked before its figures count them apart
-- (none set: the nearest centre above's, or 30 days).
ALTER TABLE units ADD COLUMN block_limit_days INTEGER;
