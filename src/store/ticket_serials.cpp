#include "store/ticket_serials.h"

namespace tongbao::store::incidents {

long long next_serials(Transaction& tx, const std::string& issuer, const std::string& type, const std::string& ym,
                       long long count) {
  // Added to, then read back: the upsert holds the counter's row until commit (PostgreSQL) or the
  // one writer does (SQLite), so nobody takes serials in between. On SQLite not one statement with
  // RETURNING: that opens a statement savepoint, at which the search index writes out the terms
  // it holds; in a group of filings that was 40 % of each filing's time. On PostgreSQL one
  // statement saves a round trip.
  const std::string upsert =
      "INSERT INTO ticket_counters (issuer, type, year_month, last_serial) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (issuer, type, year_month) DO UPDATE SET last_serial = ticket_counters.last_serial + excluded.last_serial";
  const std::vector<Value> params{issuer, type, ym, static_cast<std::int64_t>(count)};
  long long last = 0;
  if (tx.dialect() == Dialect::postgresql) {
    last = tx.query_one(upsert + " RETURNING last_serial", params)->integer(0);
  } else {
    tx.execute(upsert, params);
    last = tx.query_one("SELECT last_serial FROM ticket_counters WHERE issuer = ? AND type = ? AND year_month = ?",
                        {issuer, type, ym})
               ->integer(0);
  }
  return last - count + 1;
}

}  // namespace tongbao::store::incidents
