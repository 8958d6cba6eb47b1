#pragma once
// The organisation tree's use cases: read, create and change units and contacts, import and
// export the tree. Each change checks permissions, validates, writes, and appends its audit
// entry in one transaction. Used by the HTTP API and the command line alike.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "auth/session_cache.h"
#include "core/access.h"
#include "core/clock.h"
#include "core/unit.h"
#include "store/auth_store.h"
#include "store/database.h"
#include "store/unit_store.h"

namespace tongbao::org {

// Optional fields of a change: absent means "leave as it is".
struct UnitChanges {
  std::optional<std::string> code, name, kind, parent_oid;
  bool clear_parent = false;
  std::optional<std::vector<std::string>> ip_ranges;
};

struct ContactChanges {
  std::optional<std::string> account, name, title, email, mobile, phone, locale;
  std::optional<bool> account_manager;
};

struct OpenedContact {
  core::Contact contact;
  std::string one_time_password;  // shown once, to pass on to the person
};

struct ImportSummary {
  int created = 0;
  int updated = 0;
  int unchanged = 0;
};

class Organisation {
 public:
  Organisation(store::Database& db, const core::Clock& clock) : db_(db), clock_(clock) {}
  // Changes to units and contacts forget the sessions kept there (who is calling may have changed).
  void cache_sessions(auth::SessionCache* cache) { sessions_ = cache; }
  // Told, in the transaction, of every change to a unit, as it was and as it is: its tickets
  // keep what follows from it (their deadlines follow the profile of its kind; their search text
  // holds its code and name).
  using UnitChanged = std::function<void(store::Transaction&, const core::Unit& before, const core::Unit& after)>;
  void on_unit_change(UnitChanged f) { unit_changed_ = std::move(f); }

  core::Unit unit(const core::Principal& who, const std::string& oid);
  // A unit's OID, code and name by its id, for an answer that names it to a reader outside its
  // subtree (a school is told who warned or blocked it); none for an id no unit has.
  std::optional<store::units::Brief> named(long long id);
  struct Page {
    std::vector<core::Unit> units;
    long long total = 0;
  };
  // Units the caller may see; under `root_oid` when given; matching `text` (part of the name or
  // code, or the start of the OID) when given.
  Page units(const core::Principal& who, const std::optional<std::string>& root_oid,
             const std::optional<std::string>& kind, int limit, int offset,
             const std::optional<std::string>& text = std::nullopt);
  core::Unit create_unit(const core::Principal& who, const UnitChanges& fields, const std::string& oid);
  core::Unit update_unit(const core::Principal& who, const std::string& oid, const UnitChanges& changes);

  // Validates every row first; any error (naming row and field) and nothing is written.
  ImportSummary import_csv(const core::Principal& who, const std::string& csv, bool dry_run = false);
  std::string export_csv(const core::Principal& who, const std::optional<std::string>& root_oid);

  std::vector<core::Contact> contacts(const core::Principal& who, const std::string& oid);
  OpenedContact open_contact(const core::Principal& who, const std::string& oid, int slot,
                             const ContactChanges& fields);
  core::Contact update_contact(const core::Principal& who, const std::string& oid, int slot,
                               const ContactChanges& changes);
  core::Contact close_contact(const core::Principal& who, const std::string& oid, int slot);
  OpenedContact reset_password(const core::Principal& who, const std::string& oid, int slot);
  // API keys of a unit, for its machine clients: managed by whoever manages the unit, or by the
  // unit's own account manager.
  std::vector<store::auth::ApiKeyRow> api_keys(const core::Principal& who, const std::string& oid);
  // `scope` read (GET and HEAD only) or read_write; `expires_at`, when given, in the future and at
  // most a year ahead (kMaxApiKeyLifeMs). Bad values: 400 on that field, nothing stored.
  std::pair<store::auth::ApiKeyRow, std::string> issue_api_key(const core::Principal& who, const std::string& oid,
                                                               const std::string& name, const std::string& scope = "read_write",
                                                               std::optional<core::TimeMs> expires_at = std::nullopt);
  store::auth::ApiKeyRow revoke_api_key(const core::Principal& who, long long id);

  void change_own_password(const core::Principal& who, const std::string& current, const std::string& next);

 private:
  store::Database& db_;
  const core::Clock& clock_;
  auth::SessionCache* sessions_ = nullptr;
  UnitChanged unit_changed_;
};

}  // namespace tongbao::org
