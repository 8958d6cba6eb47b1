-- Blocked addresses: a centre (for its subtree) or the CERT blocks a prefix of one of its units;
-- the unit asks for the unblock after cleaning up, and the blocking centre decides. Firewalls read
-- the prefixes still blocked.
CREATE TABLE blocks (
  id INTEGER PRIMARY KEY,
  prefix TEXT NOT NULL,                                     -- canonical CIDR
  unit_id INTEGER NOT NULL REFERENCES units(id),           -- the owner, by longest prefix
  centre_unit_id INTEGER NOT NULL REFERENCES units(id),    -- who blocked it
  reason TEXT NOT NULL,
  warning_id INTEGER REFERENCES warnings(id),
  incident_id INTEGER REFERENCES incidents(id),
  state TEXT NOT NULL,                                      -- blocked, unblock_requested, unblocked
  blocked_by TEXT NOT NULL,
  blocked_at BIGINT NOT NULL,
  expires_at BIGINT,
  request_actions TEXT NOT NULL DEFAULT '',                 -- comma-separated clean-up actions
  request_note TEXT NOT NULL DEFAULT '',
  requested_by TEXT NOT NULL DEFAULT '',
  requested_at BIGINT,
  decision_reason TEXT NOT NULL DEFAULT '',
  decided_by TEXT NOT NULL DEFAULT '',
  decided_at BIGINT,
  unblocked_at BIGINT,
  updated_at BIGINT NOT NULL
);
-- One active block per centre and prefix: blocking again is a no-op, not a second row.
CREATE UNIQUE INDEX blocks_active ON blocks(centre_unit_id, prefix) WHERE state <> 'unblocked';
CREATE INDEX blocks_unit ON blocks(unit_id, state);
CREATE INDEX blocks_updated ON blocks(updated_at);

-- What happened to a block, in order: blocked, unblock asked (with what was done), refused, unblocked.
CREATE TABLE block_events (
  id INTEGER PRIMARY KEY,
  block_id INTEGER NOT NULL REFERENCES blocks(id),
  at BIGINT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  actions TEXT NOT NULL DEFAULT '',                         -- with unblock_requested: what was done
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX block_events_block ON block_events(block_id, id);
