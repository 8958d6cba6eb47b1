-- Evidence a unit gives with its unblock request (a scan report, a photo of the re-imaged
-- machine): files kept like tickets' attachments, by their SHA-256.
CREATE TABLE block_evidence (
  id INTEGER PRIMARY KEY,
  block_id INTEGER NOT NULL REFERENCES blocks(id),
  file_name TEXT NOT NULL,
  declared_type TEXT NOT NULL DEFAULT '',
  size_bytes BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  uploaded_by TEXT NOT NULL,
  uploaded_at BIGINT NOT NULL
);
CREATE INDEX block_evidence_block ON block_evidence(block_id, id);
CREATE INDEX block_evidence_content ON block_evidence(sha256);
