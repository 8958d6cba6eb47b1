#pragma once
// Contacts of units, who are also the people who sign in.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/unit.h"
#include "store/database.h"

namespace tongbao::store::contacts {

std::vector<core::Contact> for_unit(Transaction& tx, long long unit_id);
// The contacts of many units, read a few hundred units to a statement.
std::map<long long, std::vector<core::Contact>> for_units(Transaction& tx, const std::vector<long long>& unit_ids);
// The contacts of a few units and of every unit of one kind (the CERT's, for a mail that reaches
// it), in one read: a notification waits for the database once, not once a unit.
struct Reach {
  std::map<long long, std::vector<core::Contact>> by_unit;
  std::vector<long long> units_of_kind;  // those of `kind` that have contacts, in order
};
Reach for_units_and_kind(Transaction& tx, const std::vector<long long>& unit_ids, const std::optional<std::string>& kind);
std::optional<core::Contact> find(Transaction& tx, long long unit_id, int slot);
std::optional<core::Contact> find_by_id(Transaction& tx, long long id);

struct LoginRecord {
  core::Contact contact;
  std::string password_hash;
  // A password sent by the forgotten-password form, valid beside the old one until first used.
  std::string pending_password_hash;
  core::TimeMs pending_password_expires_at = 0;
};
std::optional<LoginRecord> find_for_login(Transaction& tx, const std::string& unit_oid, const std::string& account);

std::string password_hash_of(Transaction& tx, long long contact_id);
// The forgotten-password form's new password, kept beside the current one until it is first used
// (set_password then takes it) or it lapses.
void set_pending_password(Transaction& tx, long long contact_id, const std::string& password_hash,
                          core::TimeMs expires_at);

void insert(Transaction& tx, core::Contact& c, const std::string& password_hash, core::TimeMs now);
// Writes every field but the password.
void update(Transaction& tx, const core::Contact& c, core::TimeMs now);
void set_password(Transaction& tx, long long contact_id, const std::string& password_hash, bool must_change,
                  core::TimeMs now);
// Closing an account stops its sign-in and ends its sessions; the slot can be opened again later.
void close(Transaction& tx, long long contact_id, core::TimeMs now);

}  // namespace tongbao::store::contacts
