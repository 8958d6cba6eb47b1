-- The text a search box finds tickets by: their number, unit, addresses and host names and what
-- their reports say, lower-cased, one row per ticket (rowid = the ticket's id), kept by the
-- incident store. Searched with LIKE '%term%', which a trigram index answers on both backends:
-- SQLite's FTS5 trigram tokenizer, PostgreSQL's pg_trgm. PostgreSQL has no rowid: there it is an
-- ordinary column of that name, so the same statements serve both.
-- only on sqlite
CREATE VIRTUAL TABLE ticket_search USING fts5(body, tokenize = 'trigram');
-- only on postgresql
CREATE TABLE ticket_search (rowid BIGINT PRIMARY KEY, body TEXT NOT NULL);
-- only on postgresql
CREATE EXTENSION IF NOT EXISTS pg_trgm;
-- only on postgresql
CREATE INDEX ticket_search_body ON ticket_search USING gin (body gin_trgm_ops);
