-- A batch of warnings finds the open ones it repeats by host (warnings_open_host) and checks the
-- issuer and rule in the server: the index by issuer, rule and host is read by nothing, yet every
-- warning stored paid for keeping it.
DROP INDEX IF EXISTS warnings_open_merge;
