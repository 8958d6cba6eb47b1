-- A county centre's list of one type, level or of drills: read from the index of its units'
-- tickets, which now holds those too, rather than walking the country's tickets newest first for
-- the page and every one of them for the total (110-140 ms at a million tickets). Drills, about
-- two tickets in a hundred, get an index of their own for the lists of the whole country (with
-- their unit and state, so that their total is counted from it alone).
DROP INDEX incidents_unit_newest;
CREATE INDEX incidents_unit_newest ON incidents(unit_id, id, state, type, drill, level);
CREATE INDEX incidents_drills ON incidents(id, unit_id, state) WHERE drill = 1;
