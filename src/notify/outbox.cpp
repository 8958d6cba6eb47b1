#include "notify/outbox.h"

#include <algorithm>

namespace tongbao::notify {
namespace {

std::int64_t i64(long long v) { return static_cast<std::int64_t>(v); }

constexpr const char* kColumns =
    "SELECT id, channel, recipient, recipient_name, locale, subject, body, kind, incident_id, state, attempts, "
    "next_attempt_at, last_error, created_at, sent_at FROM outbox ";

Message from_row(const store::Row& r) {
  Message m;
  m.id = r.integer(0);
  m.channel = r.text(1);
  m.recipient = r.text(2);
  m.recipient_name = r.text(3);
  m.locale = r.text(4);
  m.subject = r.text(5);
  m.body = r.text(6);
  m.kind = r.text(7);
  m.incident_id = r.optional_integer(8).value_or(0);
  m.state = r.text(9);
  m.attempts = static_cast<int>(r.integer(10));
  m.next_attempt_at = r.integer(11);
  m.last_error = r.text(12);
  m.created_at = r.integer(13);
  m.sent_at = r.optional_integer(14);
  return m;
}

}  // namespace

core::TimeMs retry_delay_ms(int attempts) {
  core::TimeMs delay = 30'000;
  for (int i = 1; i < attempts && delay < 600'000; ++i) delay *= 2;
  return std::min<core::TimeMs>(delay, 600'000);
}

void enqueue(store::Transaction& tx, Message m, core::TimeMs now) {
  // No RETURNING: nobody needs the id, and in SQLite it costs a table of results per row.
  tx.execute_without_answer("INSERT INTO outbox (channel, recipient, recipient_name, locale, subject, body, kind, incident_id, state, "
             "attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)",
             {std::move(m.channel), std::move(m.recipient), std::move(m.recipient_name), std::move(m.locale),
              std::move(m.subject), std::move(m.body), std::move(m.kind),
              m.incident_id ? store::Value(i64(m.incident_id)) : store::Value(nullptr), now, now});
}

void enqueue_many(store::Transaction& tx, const std::vector<Message>& messages, core::TimeMs now) {
  constexpr size_t kRowsPerStatement = 200;
  for (size_t from = 0; from < messages.size(); from += kRowsPerStatement) {
    const size_t n = std::min(kRowsPerStatement, messages.size() - from);
    std::string sql =
        "INSERT INTO outbox (channel, recipient, recipient_name, locale, subject, body, kind, incident_id, state, "
        "attempts, next_attempt_at, created_at) VALUES ";
    std::vector<store::Value> p;
    for (size_t i = 0; i < n; ++i) {
      const auto& m = messages[from + i];
      sql += i ? ", (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)" : "(?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)";
      for (store::Value v : std::vector<store::Value>{m.channel, m.recipient, m.recipient_name, m.locale, m.subject, m.body,
                                                      m.kind, m.incident_id ? store::Value(i64(m.incident_id)) : store::Value(nullptr),
                                                      now, now})
        p.push_back(std::move(v));
    }
    tx.execute_without_answer(sql, p);
  }
}

const std::string kDueQuery =
    std::string(kColumns) + "WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?";

std::vector<Message> due(store::Transaction& tx, core::TimeMs now, int limit) {
  std::vector<Message> out;
  for (auto& r : tx.query(kDueQuery, {now, i64(limit)}))
    out.push_back(from_row(r));
  return out;
}

std::optional<Message> find(store::Transaction& tx, long long id) {
  auto r = tx.query_one(std::string(kColumns) + "WHERE id = ?", {i64(id)});
  if (!r) return std::nullopt;
  return from_row(*r);
}

void record_attempt(store::Transaction& tx, long long id, core::TimeMs now, bool ok, const std::string& error) {
  tx.execute_without_answer("INSERT INTO outbox_attempts (message_id, at, ok, error) VALUES (?, ?, ?, ?)",
             {i64(id), now, i64(ok ? 1 : 0), error.empty() ? store::Value(nullptr) : store::Value(error)});
}

void schedule_retry(store::Transaction& tx, const Message& m, core::TimeMs now, const std::string& error,
                    core::TimeMs give_up_after_ms) {
  const int attempts = m.attempts + 1;
  const bool dead = now - m.created_at >= give_up_after_ms;
  tx.execute("UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ?, state = ? WHERE id = ?",
             {i64(attempts), now + retry_delay_ms(attempts), error, std::string(dead ? "dead" : "pending"), i64(m.id)});
}

void mark_sent(store::Transaction& tx, long long id, core::TimeMs now) {
  tx.execute("UPDATE outbox SET state = 'sent', attempts = attempts + 1, sent_at = ?, last_error = NULL WHERE id = ?",
             {now, i64(id)});
  // A new password leaves no copy behind once it is delivered.
  tx.execute("UPDATE outbox SET body = '(removed after delivery)' WHERE id = ? AND kind = 'password_recovery'",
             {i64(id)});
}

bool retry_dead(store::Transaction& tx, long long id, core::TimeMs now) {
  return tx.execute("UPDATE outbox SET state = 'pending', next_attempt_at = ?, created_at = ? WHERE id = ? AND state = 'dead'",
                    {now, now, i64(id)}) == 1;
}

std::vector<Message> list(store::Transaction& tx, const Query& q) {
  std::string sql = std::string(kColumns) + "WHERE 1=1";
  std::vector<store::Value> p;
  if (q.state) sql += " AND state = ?", p.emplace_back(*q.state);
  if (q.incident_id) sql += " AND incident_id = ?", p.emplace_back(i64(*q.incident_id));
  sql += " ORDER BY id LIMIT ? OFFSET ?";
  p.emplace_back(i64(q.limit));
  p.emplace_back(i64(q.offset));
  std::vector<Message> out;
  for (auto& r : tx.query(sql, p)) out.push_back(from_row(r));
  return out;
}

}  // namespace tongbao::notify
