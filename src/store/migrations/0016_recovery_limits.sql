-- Forgotten passwords that an outsider cannot turn against a contact: the new password waits
-- beside the old one (which keeps working) until it is first used, and lapses after a day;
-- captchas and requests are counted per client address; a captcha may instead be a code mailed to
-- the contact, for people who cannot read the picture.
ALTER TABLE contacts ADD COLUMN pending_password_hash TEXT;
ALTER TABLE contacts ADD COLUMN pending_password_expires_at BIGINT;
ALTER TABLE captchas ADD COLUMN remote TEXT NOT NULL DEFAULT '';
ALTER TABLE captchas ADD COLUMN created_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE captchas ADD COLUMN contact_id INTEGER;
CREATE INDEX captchas_remote ON captchas(remote, created_at);
CREATE TABLE recovery_requests (
  remote TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX recovery_requests_remote ON recovery_requests(remote, at);
