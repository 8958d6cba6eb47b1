-- An audit's findings register numbers its rows (項次) and names the auditing group (稽核組別);
-- items imported from it keep both, so the register is exported again as it came.
ALTER TABLE improvement_items ADD COLUMN audit_item TEXT NOT NULL DEFAULT '';
ALTER TABLE improvement_items ADD COLUMN audit_group TEXT NOT NULL DEFAULT '';
