#pragma once
// The overdue reminders of a batch of new warnings, all due at once: scheduled a few hundred to a
// statement rather than one job at a time (job_store.h).
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/database.h"

namespace tongbao::jobs {

void schedule_for_warnings(store::Transaction& tx, core::TimeMs due_at, const std::string& kind,
                           const std::vector<long long>& warning_ids, core::TimeMs now);

}  // namespace tongbao::jobs
