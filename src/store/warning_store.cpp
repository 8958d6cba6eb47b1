#include "store/warning_store.h"

#include "core/json_writer.h"
#include "store/like_pattern.h"
#include "store/query_plan.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

namespace tongbao::store::warnings {
namespace {

std::int64_t i64(long long v) { return static_cast<std::int64_t>(v); }

constexpr const char* kColumns =
    "SELECT w.id, w.number, w.issuer_unit_id, w.unit_id, w.host, w.subcategory, w.addresses_json, w.port, w.protocol, "
    "w.observed_at, w.first_seen, w.last_seen, w.repeat_count, w.description, w.evidence, w.rule_id, w.state, w.reply, "
    "w.reply_reason, w.replied_by, w.replied_at, w.incident_id, w.due_at, w.created_at, w.tlp, w.updated_at FROM warnings w ";

Warning from_row(const Row& r) {
  Warning w;
  w.id = r.integer(0);
  w.number = r.text(1);
  w.issuer_unit_id = r.integer(2);
  w.unit_id = r.optional_integer(3);
  w.host = r.text(4);
  w.input.subcategory = r.text(5);
  for (const auto& a : nlohmann::json::parse(r.text(6)))
    w.input.addresses.push_back({a.value("ip", ""), a.value("role", "")});
  if (auto p = r.optional_integer(7)) w.input.port = static_cast<int>(*p);
  w.input.protocol = r.text(8);
  w.input.observed_at = r.integer(9);
  w.first_seen = r.integer(10);
  w.last_seen = r.integer(11);
  w.repeat_count = static_cast<int>(r.integer(12));
  w.input.description = r.text(13);
  w.input.evidence = r.text(14);
  w.input.rule_id = r.text(15);
  w.state = r.text(16);
  w.reply = r.text(17);
  w.reply_reason = r.text(18);
  w.replied_by = r.text(19);
  w.replied_at = r.optional_integer(20);
  w.incident_id = r.optional_integer(21);
  w.due_at = r.integer(22);
  w.created_at = r.integer(23);
  w.input.tlp = r.text(24);
  w.updated_at = r.integer(25);
  return w;
}

// The warnings routed within a subtree, as the ids of its units rather than a join on every
// warning's unit path (which read every warning in the country for a school's few). A subtree of
// a few units (a school) reads their warnings from the unit index, and so does the total of a
// larger one (a county); a larger one's page walks the country's newest first, which the page
// ends. SQLite's text order is by bytes, so the subtree is a range of the path index; PostgreSQL's
// collation may order '/' elsewhere, and it plans by its own statistics.
std::string where(Transaction& tx, const Filter& f, std::vector<Value>& p, bool counting) {
  std::string w = " WHERE 1=1";
  if (f.within_path) {
    if (tx.dialect() == Dialect::sqlite && !f.within_path->empty()) {
      constexpr long long kFewUnits = 16, kCountyUnits = 400;
      const auto& from = *f.within_path;
      const auto to = from.substr(0, from.size() - 1) + '0';
      const long long most = counting ? kCountyUnits : kFewUnits;
      const auto units = tx.query_one("SELECT COUNT(*) FROM (SELECT 1 FROM units WHERE path >= ? AND path < ? LIMIT ?) AS few",
                                      {from, to, i64(most + 1)})
                             ->integer(0);
      w += units <= most ? " AND w.unit_id IN " : " AND +w.unit_id IN ";
      w += "(SELECT id FROM units WHERE path >= ? AND path < ?)";
      p.emplace_back(from);
      p.emplace_back(to);
    } else {
      w += " AND w.unit_id IN (SELECT id FROM units WHERE path LIKE ?)";
      p.emplace_back(*f.within_path + "%");
    }
  }
  if (f.unit_id) w += " AND w.unit_id = ?", p.emplace_back(i64(*f.unit_id));
  if (f.issuer_unit_id) w += " AND w.issuer_unit_id = ?", p.emplace_back(i64(*f.issuer_unit_id));
  if (f.triage) w += " AND w.unit_id IS NULL";
  // Open written out: only then may SQLite read the index of open warnings, whose condition it is.
  if (f.state) w += *f.state == "open" ? " AND w.state = 'open'" : " AND w.state = ?";
  if (f.state && *f.state != "open") p.emplace_back(*f.state);
  if (f.overdue_at) w += " AND w.state = 'open' AND w.due_at < ?", p.emplace_back(*f.overdue_at);
  if (f.rule_id) w += " AND w.rule_id = ?", p.emplace_back(*f.rule_id);
  if (f.updated_since) w += " AND w.updated_at >= ?", p.emplace_back(*f.updated_since);
  if (f.before_id) w += " AND w.id < ?", p.emplace_back(i64(*f.before_id));
  if (f.text) {
    w += std::string(" AND (w.number") + kLikeEscaped + " OR w.host" + kLikeEscaped + ")";
    p.emplace_back(like_anywhere(*f.text));
    p.emplace_back(like_prefix(*f.text));
  }
  if (f.red_only_to_unit) w += " AND (w.tlp <> 'red' OR w.unit_id = ?)", p.emplace_back(i64(*f.red_only_to_unit));
  return w;
}

constexpr size_t kRowsPerStatement = 200;

constexpr const char* kInsertColumns =
    "INSERT INTO warnings (number, issuer_unit_id, unit_id, host, subcategory, addresses_json, port, protocol, "
    "observed_at, first_seen, last_seen, repeat_count, description, evidence, rule_id, state, due_at, "
    "created_at, updated_at, tlp) VALUES ";
constexpr const char* kInsertRow = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)";

void add_row_values(std::vector<Value>& p, const Warning& w) {
  // Written as the JSON library dumps it, without building its tree: a bulk writes a thousand a batch.
  core::JsonWriter addresses(64 * w.input.addresses.size() + 2);
  addresses.begin_array();
  for (const auto& a : w.input.addresses) addresses.begin_object().key("ip").string(a.ip).key("role").string(a.role).end_object();
  addresses.end_array();
  p.insert(p.end(), {w.number, i64(w.issuer_unit_id), w.unit_id ? Value(i64(*w.unit_id)) : Value(nullptr), w.host,
                     w.input.subcategory, addresses.take(), w.input.port ? Value(i64(*w.input.port)) : Value(nullptr),
                     w.input.protocol, w.input.observed_at, w.first_seen, w.last_seen, i64(w.repeat_count),
                     w.input.description, w.input.evidence, w.input.rule_id, w.due_at, w.created_at, w.created_at,
                     w.input.tlp});
}

}  // namespace

void insert(Transaction& tx, Warning& w) {
  std::vector<Value> p;
  add_row_values(p, w);
  w.updated_at = w.created_at;
  static const std::string sql = std::string(kInsertColumns) + kInsertRow;  // built once
  w.id = tx.insert(sql, p);
}

void insert_many(Transaction& tx, std::vector<Warning>& ws) {
  if (tx.dialect() == Dialect::sqlite) {
    // One cached statement a row. A statement of many rows took SQLite half as long again here
    // (bench/warning_ingest_bench): each of its rows changes pages all over the indexes by unit and
    // by host, and a statement of many rows keeps a copy of every page it changes so that it can
    // undo itself alone. There is no round trip to save.
    for (auto& w : ws) insert(tx, w);
    return;
  }
  std::map<std::string, Warning*> by_number;  // RETURNING promises no order: ids are matched by number
  for (size_t from = 0; from < ws.size(); from += kRowsPerStatement) {
    const size_t n = std::min(kRowsPerStatement, ws.size() - from);
    std::string sql = kInsertColumns;
    std::vector<Value> p;
    by_number.clear();
    for (size_t i = 0; i < n; ++i) {
      auto& w = ws[from + i];
      sql += i ? std::string(", ") + kInsertRow : kInsertRow;
      add_row_values(p, w);
      w.updated_at = w.created_at;
      by_number[w.number] = &w;
    }
    for (auto& r : tx.query(sql + " RETURNING id, number", p)) by_number.at(r.text(1))->id = r.integer(0);
  }
}

std::optional<Warning> find(Transaction& tx, long long id) {
  auto r = tx.query_one(std::string(kColumns) + "WHERE w.id = ?", {i64(id)});
  if (!r) return std::nullopt;
  return from_row(*r);
}

std::vector<Warning> open_on_hosts(Transaction& tx, long long issuer_unit_id, const std::vector<std::string>& hosts) {
  if (tx.dialect() != Dialect::sqlite) {
    // A bulk's statements run once per batch, and a generic plan made while the tables were still
    // small (a first import) kept being used as they grew (three times slower): plan the rest of
    // the batch for its own parameters.
    tx.execute("SET LOCAL plan_cache_mode = force_custom_plan", {});
  }
  std::vector<Warning> out;
  in_chunks({hosts.begin(), hosts.end()}, kRowsPerStatement, [&](const std::vector<Value>& p, const std::string& marks) {
    // By host alone (the index of open warnings by host); the issuer is checked here, as a
    // condition on it would let the planner walk all of the issuer's open warnings instead.
    for (auto& r : tx.query(std::string(kColumns) + "WHERE w.state = 'open' AND w.host IN (" + marks + ")", p))
      if (r.integer(2) == issuer_unit_id) out.push_back(from_row(r));
  });
  std::sort(out.begin(), out.end(), [](const Warning& a, const Warning& b) { return a.id < b.id; });
  return out;
}

void record_repeat(Transaction& tx, long long id, core::TimeMs first, core::TimeMs last, long long count, core::TimeMs now) {
  tx.execute(
      "UPDATE warnings SET repeat_count = repeat_count + ?, "
      "first_seen = CASE WHEN ? < first_seen THEN ? ELSE first_seen END, "
      "last_seen = CASE WHEN ? > last_seen THEN ? ELSE last_seen END, updated_at = ? WHERE id = ?",
      {i64(count), first, first, last, last, now, i64(id)});
}

void save_reply(Transaction& tx, const Warning& w, core::TimeMs now) {
  tx.execute(
      "UPDATE warnings SET state = 'answered', reply = ?, reply_reason = ?, replied_by = ?, replied_at = ?, "
      "incident_id = ?, updated_at = ? WHERE id = ?",
      {w.reply, w.reply_reason, w.replied_by, now, w.incident_id ? Value(i64(*w.incident_id)) : Value(nullptr), now,
       i64(w.id)});
}

void assign(Transaction& tx, long long id, long long unit_id, core::TimeMs now) {
  tx.execute("UPDATE warnings SET unit_id = ?, updated_at = ? WHERE id = ?", {i64(unit_id), now, i64(id)});
}

namespace {

std::string list_query(Transaction& tx, const Filter& f, std::vector<Value>& p) {
  std::string sql = std::string(kColumns) + where(tx, f, p, false) + " ORDER BY w.id DESC LIMIT ? OFFSET ?";
  p.emplace_back(i64(f.limit));
  p.emplace_back(i64(f.offset));
  return sql;
}

std::string count_query(Transaction& tx, const Filter& f, long long cap, std::vector<Value>& p) {
  // Open warnings (a small share) not within a subtree are counted from their own index: SQLite
  // would read the index by unit end to end, as it holds each warning's state.
  const bool open_anywhere = ((f.state && *f.state == "open") || f.overdue_at) && !f.within_path && !f.unit_id;
  const auto from = open_anywhere && tx.dialect() == Dialect::sqlite ? " FROM warnings w INDEXED BY warnings_open_host"
                                                                      : " FROM warnings w";
  const auto sql = "SELECT COUNT(*) FROM (SELECT 1" + std::string(from) + where(tx, f, p, true) + " LIMIT ?) AS capped";
  p.emplace_back(i64(cap));
  return sql;
}

}  // namespace

std::vector<Warning> list(Transaction& tx, const Filter& f) {
  std::vector<Value> p;
  const auto sql = list_query(tx, f, p);
  std::vector<Warning> out;
  for (auto& r : tx.query(sql, p)) out.push_back(from_row(r));
  return out;
}

long long count(Transaction& tx, const Filter& f, long long cap) {
  std::vector<Value> p;
  const auto sql = count_query(tx, f, cap, p);
  return tx.query_one(sql, p)->integer(0);
}

std::string list_plan(Transaction& tx, const Filter& f) {
  return page_and_total_plan(
      tx, [&](std::vector<Value>& p) { return list_query(tx, f, p); },
      [&](std::vector<Value>& p) { return count_query(tx, f, 10'000, p); });
}

}  // namespace tongbao::store::warnings
