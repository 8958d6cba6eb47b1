#include "org/organisation.h"

#include <algorithm>
#include <map>
#include <set>

#include "audit/audit_log.h"
#include "auth/api_key.h"
#include "auth/password.h"
#include "auth/password_strength.h"
#include "auth/tokens.h"
#include "core/error.h"
#include "core/unit_csv.h"
#include "org/org_json.h"
#include "store/auth_store.h"
#include "store/contact_store.h"
#include "store/block_store.h"
#include "store/unit_store.h"

namespace tongbao::org {
namespace {

using core::Error;
using core::ErrorKind;

core::TreePosition position(const core::Unit& u) { return {u.id, u.path}; }
// Where a new child of `parent` will sit: below it, with an id not yet known.
core::TreePosition position_below(const core::Unit& parent) { return {0, parent.path + "new/"}; }

Error conflict(std::string field, std::string message) {
  return Error(ErrorKind::conflict, "conflict", std::move(message), std::move(field));
}

// A unit the caller may see, or 404: units outside one's view do not exist for them.
core::Unit visible_unit(store::Transaction& tx, const core::Principal& who, const std::string& oid) {
  auto u = store::units::find_by_oid(tx, oid);
  if (!u || !core::can_read_unit(who, position(*u))) throw core::not_found("No unit with the OID " + oid + " is visible to you.");
  return *u;
}

void apply(core::Unit& u, const UnitChanges& c) {
  if (c.code) u.code = *c.code;
  if (c.name) u.name = *c.name;
  if (c.kind) {
    auto kind = core::parse_unit_kind(*c.kind);
    if (!kind) throw core::invalid("kind", "kind must be one of cert, ministry, regional_centre, county_centre, school, soc, other");
    u.kind = *kind;
  }
  if (c.clear_parent) u.parent_oid.reset();
  if (c.parent_oid) u.parent_oid = *c.parent_oid;
  if (c.ip_ranges) u.ip_ranges = core::parse_ip_ranges(*c.ip_ranges);
}

void validate(const core::Unit& u) {
  core::validate_oid(u.oid);
  core::validate_unit_code(u.code);
  core::validate_unit_name(u.name);
  if (u.parent_oid) {
    core::validate_oid(*u.parent_oid, "parent_oid");
    if (*u.parent_oid == u.oid) throw core::invalid("parent_oid", "a unit cannot be its own parent");
  }
}

// Checks that the caller may put a unit under the named parent (or at the root).
void check_may_place(store::Transaction& tx, const core::Principal& who, const core::Unit& u) {
  if (!u.parent_oid) {
    if (who.unit_kind != core::UnitKind::cert) throw core::forbidden("Only the CERT may create a unit without a parent.");
    return;
  }
  auto parent = store::units::find_by_oid(tx, *u.parent_oid);
  if (!parent || !core::can_read_unit(who, position(*parent)))
    throw core::invalid("parent_oid", "no unit has the OID " + *u.parent_oid);
  if (!core::can_manage_unit(who, position_below(*parent)))
    throw core::forbidden("You may not place units under " + parent->oid + ".");
}

// The rules of the tree a change must keep: who may give the unit its kind at its place, and which
// addresses it may own there. `before` is the unit as stored (none for a new one); fills
// `after.path` with where the unit will sit.
void check_tree_rules(store::Transaction& tx, const core::Principal& who, core::RangeRegistry& registry,
                      const std::optional<core::Unit>& before, core::Unit& after) {
  std::optional<core::Unit> parent;
  if (after.parent_oid) parent = store::units::find_by_oid(tx, *after.parent_oid);
  const bool placed = !before || before->parent_oid != after.parent_oid;
  if (placed || before->kind != after.kind)
    core::check_may_give_kind(who, after.kind, parent ? std::optional(parent->kind) : std::nullopt);
  const std::string parent_path = parent ? parent->path : "/";
  if (!before) {
    after.path = parent_path + "new/";
  } else if (placed) {
    after.path = parent_path + std::to_string(after.id) + "/";
    registry.move_subtree(before->path, after.path);
  }
  if (placed || before->ip_ranges != after.ip_ranges) {
    std::optional<core::RangeRegistry::Owner> owner;
    if (parent) owner = core::RangeRegistry::Owner{parent->id, parent->oid, parent->path, parent->kind};
    registry.check(after, owner);
  }
}

void record_ranges(core::RangeRegistry& registry, const core::Unit& u) {
  registry.set({u.id, u.oid, u.path, u.kind}, u.ip_ranges);
}

// A block belongs to whichever unit owns its prefix: when ranges change, blocks follow them.
void follow_blocks(store::Transaction& tx, core::TimeMs now) {
  store::blocks::follow_owners(tx, store::units::address_owners(tx), now);
}

void check_unique_code(store::Transaction& tx, const core::Unit& u) {
  if (auto row = tx.query_one("SELECT oid FROM units WHERE code = ? AND oid <> ?", {u.code, u.oid}))
    throw conflict("code", "the code " + u.code + " is already used by unit " + row->text(0));
}

void apply(core::Contact& c, const ContactChanges& ch) {
  if (ch.account) c.account = *ch.account;
  if (ch.name) c.name = *ch.name;
  if (ch.title) c.title = *ch.title;
  if (ch.email) c.email = *ch.email;
  if (ch.mobile) c.mobile = *ch.mobile;
  if (ch.phone) c.phone = *ch.phone;
  if (ch.locale) c.locale = *ch.locale;
  if (ch.account_manager) c.account_manager = *ch.account_manager;
}

void check_slot(int slot) {
  if (slot < 1 || slot > core::kMaxContacts) throw core::invalid("slot", "slot must be 1 to 5");
}

void check_unique_account(store::Transaction& tx, const core::Contact& c) {
  if (tx.query_one("SELECT 1 FROM contacts WHERE unit_id = ? AND account = ? AND id <> ?",
                   {static_cast<std::int64_t>(c.unit_id), c.account, static_cast<std::int64_t>(c.id)}))
    throw conflict("account", "another contact of this unit already has the account " + c.account);
}

// Only the parent unit (or the CERT) names account managers: it may manage slot 1.
void check_may_name_manager(const core::Principal& who, const core::Unit& unit) {
  if (!core::can_manage_contact_slot(who, position(unit), 1))
    throw Error(ErrorKind::forbidden, "forbidden", "Only the parent unit names account managers.", "account_manager");
}

std::string dump(const nlohmann::json& j) { return j.dump(); }

void check_may_manage_keys(const core::Principal& who, const core::Unit& unit) {
  const bool own_manager = who.unit_id == unit.id && who.account_manager && who.contact_id > 0;
  if (!own_manager && !core::can_manage_unit(who, position(unit)))
    throw core::forbidden("Only the unit's account manager or a unit above it manages its API keys.");
}

nlohmann::json key_json(const store::auth::ApiKeyRow& k, const std::string& oid) {
  return {{"id", k.id},        {"unit_oid", oid}, {"name", k.name}, {"prefix", k.prefix}, {"revoked", k.revoked_at.has_value()},
          {"scope", k.scope}, {"expires_at", k.expires_at ? nlohmann::json(*k.expires_at) : nlohmann::json(nullptr)}};
}

// A key lives a year at most (a leap year's day more, so "365 days" from any moment fits).
constexpr core::TimeMs kMaxApiKeyLifeMs = 366LL * 86'400'000;

}  // namespace

core::Unit Organisation::unit(const core::Principal& who, const std::string& oid) {
  return db_.read_value([&](store::Transaction& tx) { return visible_unit(tx, who, oid); });
}

std::optional<store::units::Brief> Organisation::named(long long id) {
  return db_.read_value([&](store::Transaction& tx) { return store::units::find_brief(tx, id); });
}

Organisation::Page Organisation::units(const core::Principal& who, const std::optional<std::string>& root_oid,
                                       const std::optional<std::string>& kind, int limit, int offset,
                                       const std::optional<std::string>& text) {
  return db_.read_value([&](store::Transaction& tx) {
    store::units::ListFilter f;
    f.text = text;
    if (root_oid) f.within_path = visible_unit(tx, who, *root_oid).path;
    else if (!core::sees_everything(who)) f.within_path = who.unit_path;
    f.kind = kind;
    f.limit = limit;
    f.offset = offset;
    return Page{store::units::list(tx, f), store::units::count(tx, f)};
  });
}

core::Unit Organisation::create_unit(const core::Principal& who, const UnitChanges& fields, const std::string& oid) {
  core::Unit u;
  u.oid = oid;
  apply(u, fields);
  validate(u);
  return db_.write_value([&](store::Transaction& tx) {
    check_may_place(tx, who, u);
    if (store::units::find_by_oid(tx, u.oid)) throw conflict("oid", "a unit with the OID " + u.oid + " already exists");
    auto registry = store::units::range_registry(tx);
    check_tree_rules(tx, who, registry, std::nullopt, u);
    check_unique_code(tx, u);
    const auto now = clock_.now();
    store::units::insert(tx, u, now);
    if (!u.ip_ranges.empty()) follow_blocks(tx, now);
    audit::append(tx, now, who.label, "unit.create", "unit", u.oid, std::nullopt, dump(to_json(u)));
    return u;
  });
}

core::Unit Organisation::update_unit(const core::Principal& who, const std::string& oid, const UnitChanges& changes) {
  const auth::SessionCache::ForgetOnExit forget_sessions(sessions_);
  return db_.write_value([&](store::Transaction& tx) {
    core::Unit before = visible_unit(tx, who, oid);
    if (!core::can_manage_unit(who, position(before))) throw core::forbidden("You may not change unit " + oid + ".");
    core::Unit after = before;
    apply(after, changes);
    validate(after);
    if (after.parent_oid != before.parent_oid) check_may_place(tx, who, after);
    auto registry = store::units::range_registry(tx);
    check_tree_rules(tx, who, registry, before, after);
    check_unique_code(tx, after);
    const auto now = clock_.now();
    store::units::update(tx, after, now);
    if (unit_changed_) unit_changed_(tx, before, after);
    if (after.ip_ranges != before.ip_ranges) follow_blocks(tx, now);
    audit::append(tx, now, who.label, "unit.update", "unit", oid, dump(to_json(before)), dump(to_json(after)));
    return after;
  });
}

ImportSummary Organisation::import_csv(const core::Principal& who, const std::string& csv, bool dry_run) {
  const auth::SessionCache::ForgetOnExit forget_sessions(sessions_);
  auto rows = core::parse_unit_csv(csv);  // throws with every row error at once
  struct DryRunDone {};
  ImportSummary summary;
  try {
    db_.write([&](store::Transaction& tx) {
      std::vector<core::RowError> errors;
      std::set<std::string> placed;
      std::set<std::string> in_file;
      std::vector<const core::UnitCsvRow*> pending;
      for (auto& r : rows) {
        pending.push_back(&r);
        in_file.insert(r.unit.oid);
      }
      const auto now = clock_.now();
      auto registry = store::units::range_registry(tx);
      // Parents first: a row waits until its parent exists, whatever the file's order.
      while (!pending.empty()) {
        std::vector<const core::UnitCsvRow*> waiting;
        for (const auto* r : pending) {
          const auto& parent = r->unit.parent_oid;
          const bool parent_ready = !parent || placed.count(*parent) || !in_file.count(*parent);
          if (!parent_ready) {
            waiting.push_back(r);
            continue;
          }
          try {
            core::Unit u = r->unit;
            auto existing = store::units::find_by_oid(tx, u.oid);
            if (existing) {
              if (!core::can_read_unit(who, position(*existing)) || !core::can_manage_unit(who, position(*existing)))
                throw core::forbidden("you may not change unit " + u.oid);
              u.id = existing->id;
              if (u.parent_oid != existing->parent_oid) check_may_place(tx, who, u);
              if (u.code == existing->code && u.name == existing->name && u.kind == existing->kind &&
                  u.parent_oid == existing->parent_oid && u.ip_ranges == existing->ip_ranges) {
                ++summary.unchanged;
              } else {
                check_tree_rules(tx, who, registry, existing, u);
                check_unique_code(tx, u);
                store::units::update(tx, u, now);
                if (unit_changed_) unit_changed_(tx, *existing, u);
                record_ranges(registry, u);
                audit::append(tx, now, who.label, "unit.update", "unit", u.oid, dump(to_json(*existing)),
                              dump(to_json(u)));
                ++summary.updated;
              }
            } else {
              check_may_place(tx, who, u);
              check_tree_rules(tx, who, registry, std::nullopt, u);
              check_unique_code(tx, u);
              store::units::insert(tx, u, now);
              record_ranges(registry, u);
              audit::append(tx, now, who.label, "unit.create", "unit", u.oid, std::nullopt, dump(to_json(u)));
              ++summary.created;
            }
          } catch (const Error& e) {
            errors.push_back({r->row, e.field().empty() ? "oid" : e.field(), e.what()});
          }
          placed.insert(r->unit.oid);
        }
        if (waiting.size() == pending.size()) {
          for (const auto* r : waiting)
            errors.push_back({r->row, "parent_oid",
                              "no unit has the OID " + *r->unit.parent_oid + " (in the file or the platform), or the parents form a loop"});
          break;
        }
        pending = std::move(waiting);
      }
      if (!errors.empty()) {
        std::sort(errors.begin(), errors.end(), [](auto& a, auto& b) { return a.row < b.row; });
        Error e(ErrorKind::invalid, "invalid_csv",
                std::to_string(errors.size()) + " problem(s) in the CSV file; nothing was imported", errors.front().field);
        e.row_errors = std::move(errors);
        throw e;
      }
      if (dry_run) throw DryRunDone{};  // roll back: a dry run only reports
      if (summary.created + summary.updated > 0) follow_blocks(tx, now);
    });
  } catch (const DryRunDone&) {
  }
  return summary;
}

std::string Organisation::export_csv(const core::Principal& who, const std::optional<std::string>& root_oid) {
  return core::units_to_csv(units(who, root_oid, std::nullopt, 1'000'000'000, 0).units);
}

std::vector<core::Contact> Organisation::contacts(const core::Principal& who, const std::string& oid) {
  return db_.read_value([&](store::Transaction& tx) {
    auto u = visible_unit(tx, who, oid);
    return store::contacts::for_unit(tx, u.id);
  });
}

OpenedContact Organisation::open_contact(const core::Principal& who, const std::string& oid, int slot,
                                         const ContactChanges& fields) {
  const auth::SessionCache::ForgetOnExit forget_sessions(sessions_);
  check_slot(slot);
  OpenedContact out;
  out.one_time_password = auth::random_password();
  const std::string hash = auth::hash_password(out.one_time_password);  // slow: outside the transaction
  db_.write([&](store::Transaction& tx) {
    auto unit = visible_unit(tx, who, oid);
    if (!core::can_manage_contact_slot(who, position(unit), slot))
      throw core::forbidden(core::slot_managed_by_parent(slot)
                                ? "Contacts 1 and 2 are opened by the parent unit."
                                : "Contacts 3 to 5 are opened by the unit's account manager.");
    if (fields.account_manager.value_or(false)) check_may_name_manager(who, unit);
    auto existing = store::contacts::find(tx, unit.id, slot);
    if (existing && existing->active)
      throw conflict("slot", "contact " + std::to_string(slot) + " is open; close it before opening it for someone else");
    core::Contact c;
    c.unit_id = unit.id;
    c.slot = slot;
    if (existing) c.id = existing->id;
    apply(c, fields);
    c.active = true;
    c.must_change_password = true;
    core::validate_contact(c);
    check_unique_account(tx, c);
    const auto now = clock_.now();
    if (existing) {
      store::contacts::update(tx, c, now);
      store::contacts::set_password(tx, c.id, hash, true, now);
    } else {
      store::contacts::insert(tx, c, hash, now);
    }
    audit::append(tx, now, who.label, "contact.open", "contact", oid + "#" + std::to_string(slot),
                  existing ? std::optional(dump(to_json(*existing, oid))) : std::nullopt, dump(to_json(c, oid)));
    out.contact = c;
  });
  return out;
}

core::Contact Organisation::update_contact(const core::Principal& who, const std::string& oid, int slot,
                                           const ContactChanges& changes) {
  const auth::SessionCache::ForgetOnExit forget_sessions(sessions_);
  check_slot(slot);
  return db_.write_value([&](store::Transaction& tx) {
    auto unit = visible_unit(tx, who, oid);
    auto before = store::contacts::find(tx, unit.id, slot);
    if (!before) throw core::not_found("Contact " + std::to_string(slot) + " of " + oid + " is not open.");
    const bool manager = core::can_manage_contact_slot(who, position(unit), slot);
    if (!manager && !core::is_self(who, before->id))
      throw core::forbidden(core::slot_managed_by_parent(slot)
                                ? "Contacts 1 and 2 are kept by the parent unit."
                                : "Contacts 3 to 5 are kept by the unit's account manager.");
    if (!manager && changes.account)
      throw Error(ErrorKind::forbidden, "forbidden", "Your account name is set by whoever opened it.", "account");
    if (changes.account_manager && *changes.account_manager != before->account_manager)
      check_may_name_manager(who, unit);
    core::Contact after = *before;
    apply(after, changes);
    core::validate_contact(after);
    check_unique_account(tx, after);
    const auto now = clock_.now();
    store::contacts::update(tx, after, now);
    audit::append(tx, now, who.label, "contact.update", "contact", oid + "#" + std::to_string(slot),
                  dump(to_json(*before, oid)), dump(to_json(after, oid)));
    return after;
  });
}

core::Contact Organisation::close_contact(const core::Principal& who, const std::string& oid, int slot) {
  const auth::SessionCache::ForgetOnExit forget_sessions(sessions_);
  check_slot(slot);
  return db_.write_value([&](store::Transaction& tx) {
    auto unit = visible_unit(tx, who, oid);
    if (!core::can_manage_contact_slot(who, position(unit), slot))
      throw core::forbidden("You may not close contact " + std::to_string(slot) + " of " + oid + ".");
    auto before = store::contacts::find(tx, unit.id, slot);
    if (!before || !before->active) throw core::not_found("Contact " + std::to_string(slot) + " of " + oid + " is not open.");
    const auto now = clock_.now();
    store::contacts::close(tx, before->id, now);
    core::Contact after = *before;
    after.active = false;
    audit::append(tx, now, who.label, "contact.close", "contact", oid + "#" + std::to_string(slot),
                  dump(to_json(*before, oid)), dump(to_json(after, oid)));
    return after;
  });
}

OpenedContact Organisation::reset_password(const core::Principal& who, const std::string& oid, int slot) {
  const auth::SessionCache::ForgetOnExit forget_sessions(sessions_);
  check_slot(slot);
  OpenedContact out;
  out.one_time_password = auth::random_password();
  const std::string hash = auth::hash_password(out.one_time_password);
  db_.write([&](store::Transaction& tx) {
    auto unit = visible_unit(tx, who, oid);
    if (!core::can_manage_contact_slot(who, position(unit), slot))
      throw core::forbidden("You may not reset the password of contact " + std::to_string(slot) + " of " + oid + ".");
    auto c = store::contacts::find(tx, unit.id, slot);
    if (!c || !c->active) throw core::not_found("Contact " + std::to_string(slot) + " of " + oid + " is not open.");
    const auto now = clock_.now();
    store::contacts::set_password(tx, c->id, hash, true, now);
    store::auth::delete_sessions_of(tx, c->id);
    c->must_change_password = true;
    audit::append(tx, now, who.label, "contact.password_reset", "contact", oid + "#" + std::to_string(slot),
                  std::nullopt, std::nullopt);
    out.contact = *c;
  });
  return out;
}

std::vector<store::auth::ApiKeyRow> Organisation::api_keys(const core::Principal& who, const std::string& oid) {
  return db_.read_value([&](store::Transaction& tx) {
    auto unit = visible_unit(tx, who, oid);
    check_may_manage_keys(who, unit);
    return store::auth::api_keys_of_unit(tx, unit.id);
  });
}

std::pair<store::auth::ApiKeyRow, std::string> Organisation::issue_api_key(const core::Principal& who,
                                                                           const std::string& oid,
                                                                           const std::string& name,
                                                                           const std::string& scope,
                                                                           std::optional<core::TimeMs> expires_at) {
  if (name.empty() || name.size() > 100) throw core::invalid("name", "name must be 1 to 100 characters");
  if (scope != "read" && scope != "read_write") throw core::invalid("scope", "scope must be read or read_write");
  if (expires_at) {
    const auto now = clock_.now();
    if (*expires_at <= now) throw core::invalid("expires_at", "expires_at must be in the future");
    if (*expires_at > now + kMaxApiKeyLifeMs) throw core::invalid("expires_at", "expires_at may be at most a year ahead");
  }
  return db_.write_value([&](store::Transaction& tx) {
    auto unit = visible_unit(tx, who, oid);
    check_may_manage_keys(who, unit);
    const auto now = clock_.now();
    auto issued = auth::issue_api_key(tx, unit.id, name, who.label, now, scope, expires_at);
    auto row = *store::auth::find_api_key(tx, issued.id);
    audit::append(tx, now, who.label, "api_key.issue", "api_key", std::to_string(issued.id), std::nullopt,
                  dump(key_json(row, oid)));
    return std::make_pair(row, issued.key);
  });
}

store::auth::ApiKeyRow Organisation::revoke_api_key(const core::Principal& who, long long id) {
  return db_.write_value([&](store::Transaction& tx) {
    auto key = store::auth::find_api_key(tx, id);
    auto unit = key ? store::units::find_by_id(tx, key->unit_id) : std::nullopt;
    if (!key || !unit || !core::can_read_unit(who, position(*unit)))
      throw core::not_found("No API key " + std::to_string(id) + " is visible to you.");
    check_may_manage_keys(who, *unit);
    const auto now = clock_.now();
    store::auth::revoke_api_key(tx, id, now);
    auto after = *store::auth::find_api_key(tx, id);
    audit::append(tx, now, who.label, "api_key.revoke", "api_key", std::to_string(id), dump(key_json(*key, unit->oid)),
                  dump(key_json(after, unit->oid)));
    return after;
  });
}

void Organisation::change_own_password(const core::Principal& who, const std::string& current, const std::string& next) {
  const auth::SessionCache::ForgetOnExit forget_sessions(sessions_);
  if (who.contact_id <= 0) throw core::forbidden("Only a person signed in can change a password.");
  core::validate_password_strength(next, "new_password");
  std::string stored;
  std::vector<std::string> own_words;
  db_.read([&](store::Transaction& tx) {
    stored = store::contacts::password_hash_of(tx, who.contact_id);
    const auto unit = store::units::find_by_id(tx, who.unit_id);
    const auto contact = store::contacts::find_by_id(tx, who.contact_id);
    own_words = auth::password_user_words(unit ? &*unit : nullptr, contact ? &*contact : nullptr);
  });
  auth::check_new_password(next, own_words, "new_password");
  if (next == current) throw core::invalid("new_password", "the new password must differ from the current one");
  if (!auth::verify_password(stored, current))
    throw Error(ErrorKind::invalid, "wrong_password", "The current password is not right.", "current_password");
  const std::string hash = auth::hash_password(next);
  db_.write([&](store::Transaction& tx) {
    const auto now = clock_.now();
    store::contacts::set_password(tx, who.contact_id, hash, false, now);
    // Whoever else held a session with the old password loses it; the person stays signed in here.
    store::auth::delete_other_sessions(tx, who.contact_id, who.session_hash);
    auto c = store::contacts::find_by_id(tx, who.contact_id);
    audit::append(tx, now, who.label, "contact.password_change", "contact",
                  who.unit_oid + "#" + std::to_string(c ? c->slot : 0), std::nullopt, std::nullopt);
  });
}

}  // namespace tongbao::org
