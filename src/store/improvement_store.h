#pragma once
// Improvement items, their progress updates and evidence files, in the database.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/improvement.h"
#include "store/database.h"

namespace tongbao::store::improvements {

using core::ImprovementItem;

long long insert(Transaction& tx, ImprovementItem& item);  // sets item.id
std::optional<ImprovementItem> find(Transaction& tx, long long id);
// Saves every field but the id, the owner, the source and the creation.
void save(Transaction& tx, const ImprovementItem& item);

long long add_update(Transaction& tx, const core::ImprovementUpdate& u);
std::vector<core::ImprovementUpdate> updates(Transaction& tx, long long item_id, int limit);
std::optional<core::ImprovementUpdate> find_update(Transaction& tx, long long update_id);
long long count_updates(Transaction& tx, long long item_id);

long long add_evidence(Transaction& tx, const core::EvidenceFile& e);
std::vector<core::EvidenceFile> evidence(Transaction& tx, long long item_id);
std::optional<core::EvidenceFile> find_evidence(Transaction& tx, long long evidence_id);

struct Filter {
  // Owned under this path (the caller's subtree), or audited by this unit; neither: everything.
  std::optional<std::string> within_path;
  std::optional<long long> or_audited_by;
  std::optional<std::string> owner_path;  // narrowed to this unit's subtree (?unit=)
  std::optional<long long> owner_unit_id; // narrowed to this unit alone (?unit=…&subtree=false)
  std::vector<std::string> statuses;      // any of these; empty: all
  std::optional<std::string> category, severity, source_kind;
  std::optional<long long> incident_id;
  std::optional<std::string> audit_date, auditor;  // one audit's findings
  bool in_register_order = false;  // by audit, then as imported (an audit register's export)
  bool overdue_only = false;  // open and past the planned date at `now`
  core::TimeMs now = 0;
  int limit = 100, offset = 0;
};
std::vector<ImprovementItem> list(Transaction& tx, const Filter& f);
long long count(Transaction& tx, const Filter& f);

// Counts over the same filter: by status, by category, and of open items by age since creation
// (under 30 days, 30–90, 90–180, over 180) and overdue.
struct Summary {
  std::map<std::string, long long> by_status, by_category, open_by_age;
  long long open = 0, overdue = 0;
  // The units with the most overdue main deficiencies (unit id, how many), most first, at most 10.
  std::vector<std::pair<long long, long long>> most_overdue_major;
};
Summary summary(Transaction& tx, const Filter& f);

}  // namespace tongbao::store::improvements
