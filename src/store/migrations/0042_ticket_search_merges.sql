-- The trigram index (ticket_search) takes a small segment at every commit of a group of filings,
-- and FTS5 merged them four of a level at a time inside the commits that made them: about one
-- commit in a hundred spent 15–25 ms of the writer's time merging, and every filing queued behind
-- it waited. Sixteen of a level: each entry is rewritten half as often, the filings' p99 fell from
-- about 20 ms to 14 ms, and a search looks through more segments (a page of the newest matches
-- 0.4 → 0.9 ms on 100,000 texts; a count of all matches unchanged). PostgreSQL's index is GIN.
-- only on sqlite
INSERT INTO ticket_search (ticket_search, rank) VALUES ('automerge', 16);
