-- The table of address owners is rebuilt when the newest unit or the latest change to one moves:
-- both read from the end of an index, where counting every unit read them all (a few milliseconds
-- at 20,000 units, on every batch of warnings and every block).
CREATE INDEX units_updated ON units(updated_at);
