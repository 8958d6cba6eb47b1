#pragma once
// A ticket's structured investigation, handling and improvement report, in the database.
#include <optional>

#include "core/improvement_report.h"
#include "store/database.h"

namespace tongbao::store::improvement_reports {

std::optional<core::ImprovementReport> find(Transaction& tx, long long incident_id);
// Inserts the ticket's report or replaces it.
void save(Transaction& tx, const core::ImprovementReport& report);

}  // namespace tongbao::store::improvement_reports
