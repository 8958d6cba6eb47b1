-- Sign-in throttling per (account, address) and per address across all accounts, instead of per
-- account: a state kept per account alone let anyone who knew an account name lock it. Attempts
-- being checked are reserved in the row (reserved, reserved_at), so parallel ones see each other.
-- The row of an address has empty oid and account. States of the old table are dropped: they
-- only ever delayed or locked, so starting afresh loses nothing.
DROP TABLE login_throttle;

CREATE TABLE login_throttle (
  oid TEXT NOT NULL,
  account TEXT NOT NULL,
  address TEXT NOT NULL,        -- IPv4, or an IPv6 /64
  failures INTEGER NOT NULL,
  last_failure BIGINT NOT NULL,
  reserved INTEGER NOT NULL,
  reserved_at BIGINT NOT NULL,
  PRIMARY KEY (oid, account, address)
);

-- Old rows are pruned as sign-ins go: found by their last failure.
CREATE INDEX login_throttle_by_last_failure ON login_throttle (last_failure);
