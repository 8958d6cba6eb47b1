-- No query reads tickets by their time of report: lists go by id, unit and time of awareness, the
-- statistics by their sums and the index of figures. Every filing and every report paid for this
-- index all the same.
DROP INDEX incidents_reported;
