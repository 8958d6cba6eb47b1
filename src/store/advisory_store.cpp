#include "store/advisory_store.h"

#include <algorithm>
#include <sstream>

namespace tongbao::store::advisories {
namespace {

std::int64_t i64(long long v) { return static_cast<std::int64_t>(v); }

std::string lines(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : "\n") + i;
  return out;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

constexpr const char* kColumns =
    "a.id, a.number, a.issuer_unit_id, a.title, a.body, a.severity, a.products, a.cves, a.refs, a.reply_by, "
    "a.created_by, a.created_at";

core::Advisory from_row(const Row& r) {
  core::Advisory a;
  a.id = r.integer(0);
  a.number = r.text(1);
  a.issuer_unit_id = r.integer(2);
  a.input.title = r.text(3);
  a.input.text = r.text(4);
  a.input.severity = r.text(5);
  a.input.products = split_lines(r.text(6));
  a.input.cves = split_lines(r.text(7));
  a.input.references = split_lines(r.text(8));
  a.input.reply_by = r.integer(9);
  a.created_by = r.text(10);
  a.created_at = r.integer(11);
  return a;
}

// The answer columns start at `at`.
core::AdvisoryAnswer answer_from(const Row& r, size_t at) {
  return {r.integer(at), r.text(at + 1), r.text(at + 2), r.text(at + 3), r.optional_integer(at + 4)};
}

constexpr const char* kAnswerColumns = "r.unit_id, r.answer, r.note, r.answered_by, r.answered_at";

}  // namespace

void insert(Transaction& tx, core::Advisory& a) {
  a.id = tx.query_one("INSERT INTO advisories (number, issuer_unit_id, title, body, severity, products, cves, refs, "
                      "reply_by, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                      {a.number, i64(a.issuer_unit_id), a.input.title, a.input.text, a.input.severity,
                       lines(a.input.products), lines(a.input.cves), lines(a.input.references), a.input.reply_by,
                       a.created_by, a.created_at})
             ->integer(0);
}

std::optional<core::Advisory> find(Transaction& tx, long long id) {
  auto r = tx.query_one(std::string("SELECT ") + kColumns + " FROM advisories a WHERE a.id = ?", {i64(id)});
  if (!r) return std::nullopt;
  return from_row(*r);
}

void add_recipients(Transaction& tx, long long advisory_id, const std::vector<long long>& unit_ids) {
  constexpr size_t kRows = 400;
  for (size_t from = 0; from < unit_ids.size(); from += kRows) {
    const size_t n = std::min(kRows, unit_ids.size() - from);
    std::string sql = "INSERT INTO advisory_recipients (advisory_id, unit_id) VALUES ";
    std::vector<Value> p;
    for (size_t i = 0; i < n; ++i) {
      sql += i ? ", (?, ?)" : "(?, ?)";
      p.emplace_back(i64(advisory_id));
      p.emplace_back(i64(unit_ids[from + i]));
    }
    tx.execute(sql, p);
  }
}

std::optional<core::AdvisoryAnswer> answer_of(Transaction& tx, long long advisory_id, long long unit_id) {
  auto r = tx.query_one(std::string("SELECT ") + kAnswerColumns +
                            " FROM advisory_recipients r WHERE r.advisory_id = ? AND r.unit_id = ?",
                        {i64(advisory_id), i64(unit_id)});
  if (!r) return std::nullopt;
  return answer_from(*r, 0);
}

void save_answer(Transaction& tx, long long advisory_id, const core::AdvisoryAnswer& a) {
  tx.execute("UPDATE advisory_recipients SET answer = ?, note = ?, answered_by = ?, answered_at = ? "
             "WHERE advisory_id = ? AND unit_id = ?",
             {a.answer, a.note, a.answered_by, a.answered_at ? Value(*a.answered_at) : Value(nullptr), i64(advisory_id),
              i64(a.unit_id)});
}

std::vector<Received> received(Transaction& tx, long long unit_id, int limit, int offset) {
  std::vector<Received> out;
  for (const auto& r : tx.query(std::string("SELECT ") + kColumns + ", " + kAnswerColumns +
                                    " FROM advisory_recipients r JOIN advisories a ON a.id = r.advisory_id "
                                    "WHERE r.unit_id = ? ORDER BY a.id DESC LIMIT ? OFFSET ?",
                                {i64(unit_id), i64(limit), i64(offset)}))
    out.push_back({from_row(r), answer_from(r, 12)});
  return out;
}

long long received_count(Transaction& tx, long long unit_id) {
  return tx.query_one("SELECT COUNT(*) FROM advisory_recipients WHERE unit_id = ?", {i64(unit_id)})->integer(0);
}

std::vector<Issued> issued(Transaction& tx, long long issuer_unit_id, int limit, int offset) {
  std::vector<Issued> out;
  for (const auto& r : tx.query(std::string("SELECT ") + kColumns +
                                    ", (SELECT COUNT(*) FROM advisory_recipients r WHERE r.advisory_id = a.id), "
                                    "(SELECT COUNT(*) FROM advisory_recipients r WHERE r.advisory_id = a.id AND r.answer <> '') "
                                    "FROM advisories a WHERE a.issuer_unit_id = ? ORDER BY a.id DESC LIMIT ? OFFSET ?",
                                {i64(issuer_unit_id), i64(limit), i64(offset)}))
    out.push_back({from_row(r), r.integer(12), r.integer(13)});
  return out;
}

long long issued_count(Transaction& tx, long long issuer_unit_id) {
  return tx.query_one("SELECT COUNT(*) FROM advisories WHERE issuer_unit_id = ?", {i64(issuer_unit_id)})->integer(0);
}

std::vector<long long> unanswered(Transaction& tx, long long advisory_id) {
  std::vector<long long> out;
  for (const auto& r : tx.query("SELECT unit_id FROM advisory_recipients WHERE advisory_id = ? AND answer = '' ORDER BY unit_id",
                                {i64(advisory_id)}))
    out.push_back(r.integer(0));
  return out;
}

std::vector<RecipientRow> recipients(Transaction& tx, long long advisory_id, const std::string& within_path) {
  std::vector<RecipientRow> out;
  for (const auto& r : tx.query(std::string("SELECT ") + kAnswerColumns +
                                    ", u.path FROM advisory_recipients r JOIN units u ON u.id = r.unit_id "
                                    "WHERE r.advisory_id = ? AND u.path LIKE ? ORDER BY u.path",
                                {i64(advisory_id), within_path + "%"}))
    out.push_back({answer_from(r, 0), r.text(5)});
  return out;
}

}  // namespace tongbao::store::advisories
