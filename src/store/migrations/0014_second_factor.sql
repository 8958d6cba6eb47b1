-- Two-factor sign-in: each contact's TOTP secret (confirmed once a first code is entered), the
-- last time step accepted (a code counts once), single-use recovery codes kept as digests, and the
-- sign-ins that passed the password and wait for the second factor.
CREATE TABLE second_factors (
  contact_id INTEGER PRIMARY KEY REFERENCES contacts(id),
  secret TEXT NOT NULL,            -- base32
  created_at BIGINT NOT NULL,
  confirmed_at BIGINT,             -- NULL while enrolment waits for its first code
  last_step BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE recovery_codes (
  contact_id INTEGER NOT NULL REFERENCES contacts(id),
  code_hash TEXT NOT NULL,
  used_at BIGINT,
  PRIMARY KEY (contact_id, code_hash)
);

CREATE TABLE sign_in_challenges (
  token_hash TEXT PRIMARY KEY,
  contact_id INTEGER NOT NULL REFERENCES contacts(id),
  remote TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  failures INTEGER NOT NULL DEFAULT 0
);

-- Which second factor a sign-in used: '' (none), 'totp' or 'recovery_code'.
ALTER TABLE login_events ADD COLUMN second_factor TEXT NOT NULL DEFAULT '';
