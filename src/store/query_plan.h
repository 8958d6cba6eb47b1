#pragma once
// How the database would run a statement, a line a step: for tests that keep lists from plans
// which grow with every row in the country.
#include <functional>
#include <string>
#include <vector>

#include "store/database.h"

namespace tongbao::store {

std::string query_plan(Transaction& tx, const std::string& sql, const std::vector<Value>& params);

// A list's plans: its page's, then "-- the total:" and its total's. Each function writes its
// statement's parameters and returns the statement.
using StatementOf = std::function<std::string(std::vector<Value>& params)>;
std::string page_and_total_plan(Transaction& tx, const StatementOf& page, const StatementOf& total);

}  // namespace tongbao::store
