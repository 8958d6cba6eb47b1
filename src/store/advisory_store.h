#pragma once
// Advisories, who they went to and what each unit answered.
#include <optional>
#include <string>
#include <vector>

#include "core/advisory.h"
#include "store/database.h"

namespace tongbao::store::advisories {

void insert(Transaction& tx, core::Advisory& a);
std::optional<core::Advisory> find(Transaction& tx, long long id);
void add_recipients(Transaction& tx, long long advisory_id, const std::vector<long long>& unit_ids);
std::optional<core::AdvisoryAnswer> answer_of(Transaction& tx, long long advisory_id, long long unit_id);
void save_answer(Transaction& tx, long long advisory_id, const core::AdvisoryAnswer& a);

struct Received {
  core::Advisory advisory;
  core::AdvisoryAnswer answer;
};
std::vector<Received> received(Transaction& tx, long long unit_id, int limit, int offset);
long long received_count(Transaction& tx, long long unit_id);

struct Issued {
  core::Advisory advisory;
  long long recipients = 0, answered = 0;
};
std::vector<Issued> issued(Transaction& tx, long long issuer_unit_id, int limit, int offset);
long long issued_count(Transaction& tx, long long issuer_unit_id);

// The units that have not answered yet.
std::vector<long long> unanswered(Transaction& tx, long long advisory_id);

// The recipients under `within_path` (every one when empty), with the path of each.
struct RecipientRow {
  core::AdvisoryAnswer answer;
  std::string unit_path;
};
std::vector<RecipientRow> recipients(Transaction& tx, long long advisory_id, const std::string& within_path);

}  // namespace tongbao::store::advisories
