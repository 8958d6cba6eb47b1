#include "store/comment_store.h"

namespace tongbao::store::comments {
namespace {

std::int64_t i64(long long v) { return static_cast<std::int64_t>(v); }

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ",") + s;
  return out;
}

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    const auto comma = text.find(',', start);
    const auto end = comma == std::string::npos ? text.size() : comma;
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace

long long insert(Transaction& tx, const Comment& c) {
  return tx.insert(
      "INSERT INTO incident_comments (incident_id, author_contact_id, author_unit_id, author_role, body, mentions, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      {i64(c.incident_id), i64(c.author_contact_id), i64(c.author_unit_id), c.author_role, c.body, join(c.mentions),
       c.created_at});
}

std::vector<Comment> of_incident(Transaction& tx, long long incident_id) {
  std::vector<Comment> out;
  for (auto& r : tx.query("SELECT m.id, m.incident_id, m.author_contact_id, m.author_unit_id, m.author_role, m.body, "
                          "m.mentions, m.created_at, COALESCE(c.name, ''), COALESCE(u.name, ''), COALESCE(u.oid, '') "
                          "FROM incident_comments m LEFT JOIN contacts c ON c.id = m.author_contact_id "
                          "LEFT JOIN units u ON u.id = m.author_unit_id WHERE m.incident_id = ? ORDER BY m.id",
                          {i64(incident_id)})) {
    Comment c;
    c.id = r.integer(0);
    c.incident_id = r.integer(1);
    c.author_contact_id = r.integer(2);
    c.author_unit_id = r.integer(3);
    c.author_role = r.text(4);
    c.body = r.text(5);
    c.mentions = split(r.text(6));
    c.created_at = r.integer(7);
    c.author_name = r.text(8);
    c.author_unit_name = r.text(9);
    c.author_unit_oid = r.text(10);
    out.push_back(std::move(c));
  }
  return out;
}

long long count(Transaction& tx, long long incident_id) {
  return tx.query_one("SELECT COUNT(*) FROM incident_comments WHERE incident_id = ?", {i64(incident_id)})->integer(0);
}

}  // namespace tongbao::store::comments
