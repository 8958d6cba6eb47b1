#pragma once
// What an operator watches besides requests: the outbox's backlog and how late due jobs run.
// Read by the readiness check and by GET /metrics.
#include <cstdint>

#include "store/database.h"

namespace tongbao::store {

struct OperationalState {
  long long outbox_pending = 0;
  long long outbox_dead = 0;
  std::int64_t oldest_pending_ms = 0;  // age of the oldest message waiting; 0 when none
  long long due_jobs = 0;
  std::int64_t job_lag_ms = 0;  // how long the most overdue job has been due; 0 when none
};

OperationalState operational_state(Transaction& tx, std::int64_t now);

}  // namespace tongbao::store
