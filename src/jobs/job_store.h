#pragma once
// Due jobs in the database. A job is created in the transaction of the change that needs it and
// marked done in the transaction of its effects, so it fires once, across restarts and crashes.
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/database.h"

namespace tongbao::jobs {

struct Job {
  long long id = 0;
  core::TimeMs due_at = 0;
  std::string kind;
  long long incident_id = 0;
  long long warning_id = 0;
  long long advisory_id = 0;
  long long improvement_id = 0;
};

void schedule(store::Transaction& tx, core::TimeMs due_at, const std::string& kind, long long incident_id,
              core::TimeMs now);
void schedule_for_warning(store::Transaction& tx, core::TimeMs due_at, const std::string& kind, long long warning_id,
                          core::TimeMs now);
void schedule_for_advisory(store::Transaction& tx, core::TimeMs due_at, const std::string& kind, long long advisory_id,
                           core::TimeMs now);
void schedule_for_improvement(store::Transaction& tx, core::TimeMs due_at, const std::string& kind, long long improvement_id,
                              core::TimeMs now);
// A job of the platform's own, tied to no ticket or warning (the audit digest).
void schedule_routine(store::Transaction& tx, core::TimeMs due_at, const std::string& kind, core::TimeMs now);
bool has_pending(store::Transaction& tx, const std::string& kind);
// Jobs due at `now`, oldest first: reads only the index of pending jobs.
std::vector<Job> due(store::Transaction& tx, core::TimeMs now, int limit);
// Marks done; false when another worker did first (the job must then do nothing).
bool mark_done(store::Transaction& tx, long long id, core::TimeMs now);
long long pending_count(store::Transaction& tx);

}  // namespace tongbao::jobs
