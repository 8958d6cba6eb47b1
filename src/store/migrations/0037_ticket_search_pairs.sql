-- Search words of one or two characters (most Chinese words) by the text's single characters and
-- pairs of neighbouring characters (core::search_pairs), which the trigram index cannot answer.
-- On SQLite an FTS5 index holding only which tickets have each (no text, no positions); on
-- PostgreSQL a column of them with a GIN index. They are written behind the filings, many
-- tickets at a time from ticket_search's text (an index written one ticket a commit costs a
-- filing a fifth of its rate): tickets with an id below next_id have them, later ones are
-- searched by their text until the background writer reaches them.
-- only on sqlite
CREATE VIRTUAL TABLE ticket_pairs USING fts5(pairs, tokenize = 'ascii', content = '', detail = none, columnsize = 0);
-- only on postgresql
ALTER TABLE ticket_search ADD COLUMN pairs TEXT[];
-- only on postgresql
CREATE INDEX ticket_search_pairs ON ticket_search USING gin (pairs);
CREATE TABLE ticket_pairs_progress (next_id BIGINT NOT NULL);
INSERT INTO ticket_pairs_progress (next_id) VALUES (0);
