-- The audit chain is keyed from here on: entries from keyed_from are hashed with HMAC-SHA256
-- under a key kept outside the database; those before it (written by earlier versions) keep
-- their plain SHA-256 hashes and are verified by that rule. Nothing already written changes.

CREATE TABLE audit_chain (
  keyed_from BIGINT NOT NULL
);
INSERT INTO audit_chain (keyed_from) SELECT COALESCE(MAX(id), 0) + 1 FROM audit_log;
