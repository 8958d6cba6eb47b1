-- Early warnings keep their TLP marking (clear, green, amber, amber+strict, red; '' when unmarked),
-- repeats merge within one issuer and rule, and partners read what changed since their last sync.
ALTER TABLE warnings ADD COLUMN tlp TEXT NOT NULL DEFAULT '';
CREATE INDEX warnings_open_merge ON warnings(issuer_unit_id, rule_id, host, subcategory) WHERE state = 'open';
CREATE INDEX warnings_updated ON warnings(updated_at);
