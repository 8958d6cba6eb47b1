#include "jobs/warning_reminders.h"

#include <algorithm>

namespace tongbao::jobs {

void schedule_for_warnings(store::Transaction& tx, core::TimeMs due_at, const std::string& kind,
                           const std::vector<long long>& warning_ids, core::TimeMs now) {
  constexpr size_t kRowsPerStatement = 200;
  for (size_t from = 0; from < warning_ids.size(); from += kRowsPerStatement) {
    const size_t n = std::min(kRowsPerStatement, warning_ids.size() - from);
    std::string sql = "INSERT INTO jobs (due_at, kind, warning_id, created_at) VALUES ";
    std::vector<store::Value> p;
    for (size_t i = 0; i < n; ++i) {
      sql += i ? ", (?, ?, ?, ?)" : "(?, ?, ?, ?)";
      p.insert(p.end(), {due_at, kind, static_cast<std::int64_t>(warning_ids[from + i]), now});
    }
    tx.execute_without_answer(sql, p);
  }
}

}  // namespace tongbao::jobs
