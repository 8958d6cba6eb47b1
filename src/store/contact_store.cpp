#include "store/contact_store.h"

#include <algorithm>

namespace tongbao::store::contacts {
namespace {

constexpr const char* kSelect =
    "SELECT id, unit_id, slot, account, name, title, email, mobile, phone, locale, account_manager, active, "
    "must_change_password FROM contacts ";

core::Contact from_row(const Row& r) {
  core::Contact c;
  c.id = r.integer(0);
  c.unit_id = r.integer(1);
  c.slot = static_cast<int>(r.integer(2));
  c.account = r.text(3);
  c.name = r.text(4);
  c.title = r.text(5);
  c.email = r.text(6);
  c.mobile = r.text(7);
  c.phone = r.text(8);
  c.locale = r.text(9);
  c.account_manager = r.integer(10) != 0;
  c.active = r.integer(11) != 0;
  c.must_change_password = r.integer(12) != 0;
  return c;
}

std::int64_t flag(bool b) { return b ? 1 : 0; }

}  // namespace

std::vector<core::Contact> for_unit(Transaction& tx, long long unit_id) {
  std::vector<core::Contact> out;
  for (auto& r : tx.query(std::string(kSelect) + "WHERE unit_id = ? ORDER BY slot", {static_cast<std::int64_t>(unit_id)}))
    out.push_back(from_row(r));
  return out;
}

std::map<long long, std::vector<core::Contact>> for_units(Transaction& tx, const std::vector<long long>& unit_ids) {
  std::map<long long, std::vector<core::Contact>> out;
  in_chunks({unit_ids.begin(), unit_ids.end()}, 200, [&](const std::vector<Value>& ids, const std::string& marks) {
    for (auto& r : tx.query(std::string(kSelect) + "WHERE unit_id IN (" + marks + ") ORDER BY unit_id, slot", ids)) {
      auto c = from_row(r);
      out[c.unit_id].push_back(std::move(c));
    }
  });
  return out;
}

Reach for_units_and_kind(Transaction& tx, const std::vector<long long>& unit_ids, const std::optional<std::string>& kind) {
  Reach out;
  // Two look-ups joined by UNION, each through an index (the contacts by unit; the units by kind,
  // units_kind): with OR in one WHERE, PostgreSQL read every contact.
  const std::string select =
      "SELECT c.id, c.unit_id, c.slot, c.account, c.name, c.title, c.email, c.mobile, c.phone, c.locale, "
      "c.account_manager, c.active, c.must_change_password, CASE WHEN u.kind = ? THEN 1 ELSE 0 END "
      "FROM contacts c JOIN units u ON u.id = c.unit_id WHERE ";
  std::string sql;
  std::vector<Value> args;
  if (!unit_ids.empty()) {
    sql = select + "c.unit_id IN (";
    args.emplace_back(kind.value_or(""));
    for (size_t i = 0; i < unit_ids.size(); ++i) {
      sql += i ? ",?" : "?";
      args.emplace_back(static_cast<std::int64_t>(unit_ids[i]));
    }
    sql += ")";
  }
  if (kind) {
    if (!sql.empty()) sql += " UNION ";
    sql += select + "u.kind = ?";
    args.emplace_back(*kind);
    args.emplace_back(*kind);
  }
  if (sql.empty()) return out;
  for (auto& r : tx.query(sql + " ORDER BY 2, 3", args)) {
    auto c = from_row(r);
    if (r.integer(13) != 0 && (out.units_of_kind.empty() || out.units_of_kind.back() != c.unit_id))
      out.units_of_kind.push_back(c.unit_id);
    out.by_unit[c.unit_id].push_back(std::move(c));
  }
  return out;
}

std::optional<core::Contact> find(Transaction& tx, long long unit_id, int slot) {
  auto r = tx.query_one(std::string(kSelect) + "WHERE unit_id = ? AND slot = ?",
                        {static_cast<std::int64_t>(unit_id), static_cast<std::int64_t>(slot)});
  if (!r) return std::nullopt;
  return from_row(*r);
}

std::optional<core::Contact> find_by_id(Transaction& tx, long long id) {
  auto r = tx.query_one(std::string(kSelect) + "WHERE id = ?", {static_cast<std::int64_t>(id)});
  if (!r) return std::nullopt;
  return from_row(*r);
}

std::optional<LoginRecord> find_for_login(Transaction& tx, const std::string& unit_oid, const std::string& account) {
  auto r = tx.query_one(
      "SELECT c.id, c.unit_id, c.slot, c.account, c.name, c.title, c.email, c.mobile, c.phone, c.locale, "
      "c.account_manager, c.active, c.must_change_password, c.password_hash, c.pending_password_hash, "
      "c.pending_password_expires_at FROM contacts c JOIN units u ON u.id = c.unit_id WHERE u.oid = ? AND c.account = ?",
      {unit_oid, account});
  if (!r) return std::nullopt;
  return LoginRecord{from_row(*r), r->text(13), r->text(14), r->optional_integer(15).value_or(0)};
}

void set_pending_password(Transaction& tx, long long contact_id, const std::string& password_hash,
                          core::TimeMs expires_at) {
  tx.execute("UPDATE contacts SET pending_password_hash = ?, pending_password_expires_at = ? WHERE id = ?",
             {password_hash, expires_at, static_cast<std::int64_t>(contact_id)});
}

std::string password_hash_of(Transaction& tx, long long contact_id) {
  auto r = tx.query_one("SELECT password_hash FROM contacts WHERE id = ?", {static_cast<std::int64_t>(contact_id)});
  return r ? r->text(0) : std::string();
}

void insert(Transaction& tx, core::Contact& c, const std::string& password_hash, core::TimeMs now) {
  auto r = tx.query_one(
      "INSERT INTO contacts (unit_id, slot, account, name, title, email, mobile, phone, locale, account_manager, "
      "active, password_hash, must_change_password, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {static_cast<std::int64_t>(c.unit_id), static_cast<std::int64_t>(c.slot), c.account, c.name, c.title, c.email,
       c.mobile, c.phone, c.locale, flag(c.account_manager), flag(c.active), password_hash,
       flag(c.must_change_password), now, now});
  c.id = r->integer(0);
}

void update(Transaction& tx, const core::Contact& c, core::TimeMs now) {
  tx.execute(
      "UPDATE contacts SET account = ?, name = ?, title = ?, email = ?, mobile = ?, phone = ?, locale = ?, "
      "account_manager = ?, active = ?, updated_at = ? WHERE id = ?",
      {c.account, c.name, c.title, c.email, c.mobile, c.phone, c.locale, flag(c.account_manager), flag(c.active), now,
       static_cast<std::int64_t>(c.id)});
}

void set_password(Transaction& tx, long long contact_id, const std::string& password_hash, bool must_change,
                  core::TimeMs now) {
  // A password set any way ends one waiting from the forgotten-password form.
  tx.execute("UPDATE contacts SET password_hash = ?, must_change_password = ?, updated_at = ?, "
             "pending_password_hash = NULL, pending_password_expires_at = NULL WHERE id = ?",
             {password_hash, flag(must_change), now, static_cast<std::int64_t>(contact_id)});
}

void close(Transaction& tx, long long contact_id, core::TimeMs now) {
  tx.execute("DELETE FROM sessions WHERE contact_id = ?", {static_cast<std::int64_t>(contact_id)});
  tx.execute("UPDATE contacts SET active = 0, updated_at = ? WHERE id = ?", {now, static_cast<std::int64_t>(contact_id)});
}

}  // namespace tongbao::store::contacts
