-- What a person sees of their own sessions: where and on what each began, when it was last used,
-- and whether a second factor opened it; and their sign-ins found by contact.
ALTER TABLE sessions ADD COLUMN remote TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN last_used_at BIGINT;
ALTER TABLE sessions ADD COLUMN second_factor TEXT NOT NULL DEFAULT '';
CREATE INDEX login_events_contact ON login_events(contact_id, id);
