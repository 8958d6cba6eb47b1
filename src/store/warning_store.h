#pragma once
// Early warnings in the database.
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"
#include "core/warning.h"

namespace tongbao::store::warnings {

using tongbao::core::Warning;

void insert(Transaction& tx, Warning& w);
// Many new warnings (each with its number), a few hundred rows to a statement; fills id and
// updated_at of each.
void insert_many(Transaction& tx, std::vector<Warning>& ws);
std::optional<Warning> find(Transaction& tx, long long id);
// The open warnings of this issuer on any of these hosts, read a few hundred hosts at a time,
// oldest first: what a batch's repeats merge into. Repeats merge within one issuer and rule (the
// caller matches rule, host, sub-category and port), so no issuer learns of, or adds to,
// another's warnings, and each rule's feedback stays its own.
std::vector<Warning> open_on_hosts(Transaction& tx, long long issuer_unit_id, const std::vector<std::string>& hosts);
void record_repeat(Transaction& tx, long long id, core::TimeMs first, core::TimeMs last, long long count, core::TimeMs now);
void save_reply(Transaction& tx, const Warning& w, core::TimeMs now);
void assign(Transaction& tx, long long id, long long unit_id, core::TimeMs now);

struct Filter {
  std::optional<std::string> within_path;  // routed to units under this path
  std::optional<long long> unit_id;
  std::optional<long long> issuer_unit_id;
  bool triage = false;
  std::optional<std::string> state;
  std::optional<core::TimeMs> overdue_at;  // open and due before this time
  std::optional<std::string> rule_id;
  std::optional<core::TimeMs> updated_since;
  std::optional<long long> before_id;  // keyset paging: warnings with a smaller id (newest first)
  // Any part of the warning's number, or the start of its host address (a search box's words).
  std::optional<std::string> text;
  // TLP:RED warnings only if routed to this unit (the named recipient); none: no such limit.
  std::optional<long long> red_only_to_unit;
  int limit = 50, offset = 0;
};
std::vector<Warning> list(Transaction& tx, const Filter& f);
// How many match, counting no further than `cap` (a total is shown, not scanned for: "10,000+").
long long count(Transaction& tx, const Filter& f, long long cap);
// How the database would read that list's page and then its total (their query plans, a line a
// step): for the tests that keep lists from plans which grow with every warning in the country.
std::string list_plan(Transaction& tx, const Filter& f);

}  // namespace tongbao::store::warnings
