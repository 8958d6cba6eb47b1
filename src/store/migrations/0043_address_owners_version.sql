-- The owners of addresses (every unit's ranges) are kept in memory between batches of warnings and
-- read again when this number moves. Every change to the ranges moves it, in its own transaction,
-- whichever statement makes it. The newest unit and the latest change of one (0035) did not: two
-- changes in one millisecond, or one stamped earlier than the last (a clock set back), left
-- warnings routed by the ranges as they were.
CREATE TABLE address_owners_version (n BIGINT NOT NULL);
INSERT INTO address_owners_version (n) VALUES (0);
-- only on sqlite
CREATE TRIGGER unit_ip_ranges_added AFTER INSERT ON unit_ip_ranges BEGIN UPDATE address_owners_version SET n = n + 1; END;
-- only on sqlite
CREATE TRIGGER unit_ip_ranges_changed AFTER UPDATE ON unit_ip_ranges BEGIN UPDATE address_owners_version SET n = n + 1; END;
-- only on sqlite
CREATE TRIGGER unit_ip_ranges_removed AFTER DELETE ON unit_ip_ranges BEGIN UPDATE address_owners_version SET n = n + 1; END;
-- only on postgresql
CREATE FUNCTION address_owners_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE address_owners_version SET n = n + 1; RETURN NULL; END $$;
-- only on postgresql
CREATE TRIGGER unit_ip_ranges_changed AFTER INSERT OR UPDATE OR DELETE ON unit_ip_ranges FOR EACH STATEMENT EXECUTE FUNCTION address_owners_changed();
