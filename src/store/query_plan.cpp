#include "store/query_plan.h"

namespace tongbao::store {

std::string query_plan(Transaction& tx, const std::string& sql, const std::vector<Value>& params) {
  const bool sqlite = tx.dialect() == Dialect::sqlite;
  std::string plan;
  for (auto& r : tx.query((sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + sql, params)) plan += r.text(sqlite ? 3 : 0) + "\n";
  return plan;
}

std::string page_and_total_plan(Transaction& tx, const StatementOf& page, const StatementOf& total) {
  std::vector<Value> page_params, total_params;
  const auto page_sql = page(page_params);
  const auto total_sql = total(total_params);
  return query_plan(tx, page_sql, page_params) + "-- the total:\n" + query_plan(tx, total_sql, total_params);
}

}  // namespace tongbao::store
