-- What an API key may do (read: GET and HEAD only; read_write: all its unit may), until when it
-- works, and when it last signed a request in (written at most once a minute). Keys issued
-- before keep doing everything, without end.
ALTER TABLE api_keys ADD COLUMN scope TEXT NOT NULL DEFAULT 'read_write';
ALTER TABLE api_keys ADD COLUMN expires_at BIGINT;
ALTER TABLE api_keys ADD COLUMN last_used_at BIGINT;
