#include "jobs/job_store.h"

namespace tongbao::jobs {

void schedule(store::Transaction& tx, core::TimeMs due_at, const std::string& kind, long long incident_id,
              core::TimeMs now) {
  tx.execute_without_answer("INSERT INTO jobs (due_at, kind, incident_id, created_at) VALUES (?, ?, ?, ?)",
             {due_at, kind, static_cast<std::int64_t>(incident_id), now});
}

void schedule_for_warning(store::Transaction& tx, core::TimeMs due_at, const std::string& kind, long long warning_id,
                          core::TimeMs now) {
  tx.execute_without_answer("INSERT INTO jobs (due_at, kind, warning_id, created_at) VALUES (?, ?, ?, ?)",
             {due_at, kind, static_cast<std::int64_t>(warning_id), now});
}

void schedule_for_advisory(store::Transaction& tx, core::TimeMs due_at, const std::string& kind, long long advisory_id,
                           core::TimeMs now) {
  tx.execute_without_answer("INSERT INTO jobs (due_at, kind, advisory_id, created_at) VALUES (?, ?, ?, ?)",
             {due_at, kind, static_cast<std::int64_t>(advisory_id), now});
}

void schedule_for_improvement(store::Transaction& tx, core::TimeMs due_at, const std::string& kind, long long improvement_id,
                              core::TimeMs now) {
  tx.execute_without_answer("INSERT INTO jobs (due_at, kind, improvement_id, created_at) VALUES (?, ?, ?, ?)",
             {due_at, kind, static_cast<std::int64_t>(improvement_id), now});
}

void schedule_routine(store::Transaction& tx, core::TimeMs due_at, const std::string& kind, core::TimeMs now) {
  tx.execute_without_answer("INSERT INTO jobs (due_at, kind, created_at) VALUES (?, ?, ?)", {due_at, kind, now});
}

bool has_pending(store::Transaction& tx, const std::string& kind) {
  return tx.query_one("SELECT 1 FROM jobs WHERE done_at IS NULL AND kind = ? LIMIT 1", {kind}).has_value();
}

std::vector<Job> due(store::Transaction& tx, core::TimeMs now, int limit) {
  std::vector<Job> out;
  for (auto& r : tx.query("SELECT id, due_at, kind, incident_id, warning_id, advisory_id, improvement_id FROM jobs "
                          "WHERE done_at IS NULL AND due_at <= ? ORDER BY due_at LIMIT ?",
                          {now, static_cast<std::int64_t>(limit)}))
    out.push_back({r.integer(0), r.integer(1), r.text(2), r.optional_integer(3).value_or(0), r.optional_integer(4).value_or(0),
                   r.optional_integer(5).value_or(0), r.optional_integer(6).value_or(0)});
  return out;
}

bool mark_done(store::Transaction& tx, long long id, core::TimeMs now) {
  return tx.execute("UPDATE jobs SET done_at = ? WHERE id = ? AND done_at IS NULL", {now, static_cast<std::int64_t>(id)}) == 1;
}

long long pending_count(store::Transaction& tx) {
  return tx.query_one("SELECT COUNT(*) FROM jobs WHERE done_at IS NULL")->integer(0);
}

}  // namespace tongbao::jobs
