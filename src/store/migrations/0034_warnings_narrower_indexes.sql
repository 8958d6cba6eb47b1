-- A bulk of warnings puts a key into each index of the table for every warning it stores. The two
-- indexes keyed by unit and by host take them all over their pages, so each batch's commit
-- rewrites most of both. Narrower keys fill fewer pages: a unit's warnings are listed newest
-- first from the index by unit alone (its entries are in id order), and the look-up of open
-- warnings by host never read the sub-category from its index.
DROP INDEX IF EXISTS warnings_unit_state;
CREATE INDEX warnings_unit ON warnings(unit_id);
DROP INDEX IF EXISTS warnings_open_host;
CREATE INDEX warnings_open_host ON warnings(host) WHERE state = 'open';
