-- Captchas for the forgotten-password form: each answers once and only until it expires.
CREATE TABLE captchas (
  id TEXT PRIMARY KEY,
  answer TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX captchas_expiry ON captchas(expires_at);

-- When each contact last got a new password by the form: at most one every fifteen minutes, so
-- someone who knows a contact's details cannot keep changing that contact's password.
CREATE TABLE password_recoveries (
  contact_id INTEGER PRIMARY KEY REFERENCES contacts(id),
  last_at BIGINT NOT NULL
);
