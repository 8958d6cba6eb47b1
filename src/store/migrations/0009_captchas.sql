-- Captchas for the forgotten-password form: each answers once and only until it expires.
CREATE TABLE captchas (
  id TEXT PRIMARY KEY,
  answer TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX captchas_expiry ON captchas(expires_at);
