-- Search words of one or two characters (most Chinese words) by the text's single characters and
-- pairs of neighbouring characters (core::search_pairs), which the trigram index cannot answer.
-- On SQLite an FTS5 index holding only which tickets have each (no text, no positions); on
-- PostgreSQL a column of them with a GIN index. The store fills the tickets already there in the
-- background, from ticket_search's text: ids in [next_id, below_id) are not yet in it, and a
-- search uses it once that row is gone.
-- only on sqlite
CREATE VIRTUAL TABLE ticket_pairs USING fts5(pairs, tokenize = 'ascii', content = '', detail = none, columnsize = 0);
-- only on postgresql
ALTER TABLE ticket_search ADD COLUMN pairs TEXT[];
-- only on postgresql
CREATE INDEX ticket_search_pairs ON ticket_search USING gin (pairs);
CREATE TABLE ticket_pairs_backfill (next_id BIGINT NOT NULL, below_id BIGINT NOT NULL);
INSERT INTO ticket_pairs_backfill (next_id, below_id) SELECT 0, COALESCE(MAX(id), 0) + 1 FROM incidents;
