#include "store/operational_state.h"

namespace tongbao::store {

OperationalState operational_state(Transaction& tx, std::int64_t now) {
  OperationalState s;
  auto backlog = tx.query_one("SELECT COUNT(*), MIN(created_at) FROM outbox WHERE state = 'pending'");
  s.outbox_pending = backlog->integer(0);
  s.oldest_pending_ms = backlog->is_null(1) ? 0 : now - backlog->integer(1);
  s.outbox_dead = tx.query_one("SELECT COUNT(*) FROM outbox WHERE state = 'dead'")->integer(0);
  auto due = tx.query_one("SELECT COUNT(*), MIN(due_at) FROM jobs WHERE done_at IS NULL AND due_at <= ?", {now});
  s.due_jobs = due->integer(0);
  s.job_lag_ms = due->is_null(1) ? 0 : now - due->integer(1);
  return s;
}

}  // namespace tongbao::store
