#include "store/ticket_serials.h"

namespace tongbao::store::incidents {

long long next_serials(Transaction& tx, const std::string& issuer, const std::string& type, const std::string& ym,
                       long long count) {
  const auto last = tx.query_one(
                          "INSERT INTO ticket_counters (issuer, type, year_month, last_serial) VALUES (?, ?, ?, ?) "
                          "ON CONFLICT (issuer, type, year_month) DO UPDATE "
                          "SET last_serial = ticket_counters.last_serial + excluded.last_serial RETURNING last_serial",
                          {issuer, type, ym, static_cast<std::int64_t>(count)})
                        ->integer(0);
  return last - count + 1;
}

}  // namespace tongbao::store::incidents
