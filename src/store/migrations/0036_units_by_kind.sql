-- A ticket's mails reach the CERT's contacts: its units found by kind through an index, not by
-- reading every unit (thousands of schools) on each filing that reaches it.
CREATE INDEX units_kind ON units(kind);
