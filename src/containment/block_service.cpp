#include "containment/block_service.h"

#include <functional>
#include <map>
#include <nlohmann/json.hpp>

#include "audit/audit_log.h"
#include "core/error.h"
#include "core/ip_range.h"
#include "notify/outbox.h"
#include "store/contact_store.h"
#include "store/incident_store.h"
#include "store/unit_store.h"
#include "store/warning_store.h"

namespace tongbao::containment {

namespace sb = store::blocks;

bool may_block(const core::Principal& who) {
  return who.unit_kind == core::UnitKind::cert || who.unit_kind == core::UnitKind::regional_centre ||
         who.unit_kind == core::UnitKind::county_centre;
}

namespace {

core::TreePosition position_of(const core::Unit& u) { return {u.id, u.path}; }

// One message to each active contact, in the contact's language.
void add_messages(std::vector<notify::Message>& out, const std::vector<core::Contact>& contacts, const std::string& kind,
                  const std::function<std::pair<std::string, std::string>(bool zh)>& text) {
  for (const auto& c : contacts) {
    if (!c.active || c.email.empty()) continue;
    auto [subject, body] = text(c.locale != "en");
    notify::Message m;
    m.channel = "email";
    m.recipient = c.email;
    m.recipient_name = c.name;
    m.locale = c.locale;
    m.kind = kind;
    m.subject = std::move(subject);
    m.body = std::move(body);
    out.push_back(std::move(m));
  }
}

void mail_contacts(store::Transaction& tx, long long unit_id, const std::string& kind, core::TimeMs now,
                   const std::function<std::pair<std::string, std::string>(bool zh)>& text) {
  std::vector<notify::Message> messages;
  add_messages(messages, store::contacts::for_unit(tx, unit_id), kind, text);
  notify::enqueue_many(tx, messages, now);
}

std::string list_of(const std::vector<std::string>& prefixes, size_t at_most = 50) {
  std::string out;
  for (size_t i = 0; i < prefixes.size() && i < at_most; ++i) out += "  " + prefixes[i] + "\n";
  if (prefixes.size() > at_most) out += "  … (" + std::to_string(prefixes.size() - at_most) + ")\n";
  return out;
}

std::string actions_text(const std::vector<std::string>& actions, bool zh) {
  static const std::map<std::string, std::pair<const char*, const char*>> names = {
      {"reimaged", {"重新安裝系統", "re-imaged"}},
      {"scanned", {"掃毒並清除", "scanned and cleaned"}},
      {"patched", {"修補漏洞", "patched"}},
      {"device_removed", {"移除該設備", "device removed"}},
      {"other", {"其他", "other"}}};
  std::string out;
  for (const auto& a : actions) {
    auto it = names.find(a);
    out += (out.empty() ? "" : zh ? "、" : ", ") + std::string(it == names.end() ? a : zh ? it->second.first : it->second.second);
  }
  return out;
}

}  // namespace

BlockService::BlockService(store::Database& db, const core::Clock& clock, org::AddressOwners& owners,
                           std::string public_url)
    : db_(db), clock_(clock), public_url_(std::move(public_url)), owners_(owners) {}

std::vector<BlockResult> BlockService::block(const core::Principal& who, const std::vector<core::BlockInput>& items) {
  if (!may_block(who)) throw core::forbidden("Addresses are blocked by a centre, for its units, or by the CERT.");
  if (items.empty()) throw core::invalid("body", "no addresses were given");
  if (items.size() > core::kMaxBlocksPerRequest)
    throw core::Error(core::ErrorKind::invalid, "too_many_items",
                      "at most " + std::to_string(core::kMaxBlocksPerRequest) + " blocks per request", "body");
  const auto now = clock_.now();
  std::vector<std::string> prefixes;
  for (size_t i = 0; i < items.size(); ++i) {
    const auto at = items.size() == 1 ? std::string() : "[" + std::to_string(i) + "].";
    core::check_block(items[i], now, at);
    prefixes.push_back(core::canonical_block_prefix(items[i].prefix, at + "prefix"));
  }
  return db_.write_value([&](store::Transaction& tx) {
    const auto owners = owners_.table(tx);
    std::map<long long, std::optional<core::Unit>> units;  // read once per request
    auto unit = [&](long long id) -> const std::optional<core::Unit>& {
      auto [it, fresh] = units.try_emplace(id);
      if (fresh) it->second = store::units::find_by_id(tx, id);
      return it->second;
    };
    // Checked one by one (the first refusal names its item), written a few hundred to a statement.
    std::map<long long, bool> warnings_seen, tickets_seen;  // id -> of the caller's units
    const auto already = sb::find_unended(tx, who.unit_id, prefixes);
    std::vector<BlockResult> out;
    std::vector<Block> fresh;
    std::vector<size_t> fresh_at;  // for each result without a block yet, in order: which new block it is
    std::map<std::string, size_t> fresh_prefix;  // the same prefix twice in one request: one block
    std::map<long long, std::vector<std::string>> new_by_unit;
    for (size_t i = 0; i < items.size(); ++i) {
      const auto at = items.size() == 1 ? std::string() : "[" + std::to_string(i) + "].";
      const auto range = core::parse_ip_range(prefixes[i]);
      const auto owner_id = owners->owner_of(*range);
      if (!owner_id) throw core::invalid(at + "prefix", prefixes[i] + " is not within any unit's address ranges");
      const auto& owner = unit(*owner_id);
      if (!owner || !core::can_read_unit(who, position_of(*owner)))
        throw core::invalid(at + "prefix", prefixes[i] + " belongs to a unit outside yours");
      const auto& item = items[i];
      if (item.warning_id) {
        auto [seen, fresh_id] = warnings_seen.try_emplace(*item.warning_id, false);
        if (fresh_id) {
          auto w = store::warnings::find(tx, *item.warning_id);
          const auto* routed = w && w->unit_id ? &unit(*w->unit_id) : nullptr;
          seen->second = routed && *routed && core::can_read_unit(who, position_of(**routed));
        }
        if (!seen->second)
          throw core::invalid(at + "warning_id", "no warning " + std::to_string(*item.warning_id) + " of your units");
      }
      if (item.incident_id) {
        auto [seen, fresh_id] = tickets_seen.try_emplace(*item.incident_id, false);
        if (fresh_id) {
          auto t = store::incidents::find(tx, *item.incident_id);
          const auto* filed = t ? &unit(t->unit_id) : nullptr;
          seen->second = filed && *filed && core::can_read_unit(who, position_of(**filed));
        }
        if (!seen->second)
          throw core::invalid(at + "incident_id", "no ticket " + std::to_string(*item.incident_id) + " of your units");
      }
      if (auto existing = already.find(prefixes[i]); existing != already.end()) {
        out.push_back({existing->second, true});
        continue;
      }
      if (auto twice = fresh_prefix.find(prefixes[i]); twice != fresh_prefix.end()) {
        out.push_back({Block{}, true});
        fresh_at.push_back(twice->second);  // filled from the same new block below
        continue;
      }
      Block b;
      b.prefix = prefixes[i];
      b.unit_id = *owner_id;
      b.centre_unit_id = who.unit_id;
      b.reason = item.reason;
      b.warning_id = item.warning_id;
      b.incident_id = item.incident_id;
      b.blocked_by = who.label;
      b.blocked_at = now;
      b.expires_at = item.expires_at;
      fresh_prefix.emplace(b.prefix, fresh.size());
      fresh.push_back(std::move(b));
      out.push_back({Block{}, false});
      fresh_at.push_back(fresh.size() - 1);
    }
    sb::insert_many(tx, fresh);
    std::vector<std::pair<long long, core::BlockEvent>> events;
    std::map<long long, std::string> first_reason;
    for (const auto& b : fresh) {
      events.push_back({b.id, {now, who.label, "blocked", b.reason, {}}});
      new_by_unit[b.unit_id].push_back(b.prefix);
      first_reason.try_emplace(b.unit_id, b.reason);
    }
    sb::add_events(tx, events);
    // The results in the order asked: each new one (or a repeat of it in the same request) filled in.
    for (size_t i = 0, next = 0; i < out.size(); ++i)
      if (out[i].block.id == 0) out[i].block = fresh[fresh_at[next++]];
    const auto centre = unit(who.unit_id);
    const std::string centre_name = centre ? centre->name : "";
    // One mail per unit for all its new blocks; the contacts of every unit read at once.
    std::vector<long long> reached;
    for (const auto& [unit_id, blocked] : new_by_unit) reached.push_back(unit_id);
    const auto contacts = store::contacts::for_units(tx, reached);
    std::vector<notify::Message> messages;
    for (const auto& [unit_id, blocked] : new_by_unit) {
      auto unit_contacts = contacts.find(unit_id);
      if (unit_contacts == contacts.end()) continue;
      const auto& reason = first_reason[unit_id];
      add_messages(messages, unit_contacts->second, "address_blocked", [&](bool zh) {
        return std::pair{
            zh ? "您單位的 " + std::to_string(blocked.size()) + " 個位址已被" + centre_name + "封鎖"
               : std::to_string(blocked.size()) + " address(es) of your unit blocked by " + centre_name,
            (zh ? "下列位址已被封鎖，原因：" : "These addresses are blocked. Reason: ") + reason + "\n\n" +
                list_of(blocked) + "\n" +
                (zh ? "完成清查與處理（重灌、掃毒、移除設備等）後，請於平台說明處理情形並申請解除封鎖：\n"
                    : "After cleaning the machines (re-imaging, scanning, removing the device), say what you did "
                      "and ask for the unblock on the platform:\n") +
                public_url_ + "/blocks\n"};
      });
    }
    notify::enqueue_many(tx, messages, now);
    long long created = 0;
    for (const auto& r : out) created += !r.already_blocked;
    if (created > 0)
      audit::append(tx, now, who.label, "block.create", "block_batch", std::to_string(out.front().block.id),
                    std::nullopt, nlohmann::json{{"count", created}, {"first_prefix", out.front().block.prefix}}.dump());
    return out;
  });
}

Block BlockService::visible(store::Transaction& tx, const core::Principal& who, long long id) {
  auto b = sb::find(tx, id);
  if (b) {
    if (b->centre_unit_id == who.unit_id) return *b;
    if (auto owner = store::units::find_by_id(tx, b->unit_id); owner && core::can_read_unit(who, position_of(*owner)))
      return *b;
  }
  throw core::not_found("no block " + std::to_string(id));
}

Block BlockService::get(const core::Principal& who, long long id) {
  return db_.read_value([&](store::Transaction& tx) { return visible(tx, who, id); });
}

std::vector<core::BlockEvent> BlockService::events(const core::Principal& who, long long id) {
  return db_.read_value([&](store::Transaction& tx) {
    visible(tx, who, id);
    return sb::events(tx, id);
  });
}

std::pair<std::vector<Block>, long long> BlockService::list(const core::Principal& who, const ListQuery& q) {
  return db_.read_value([&](store::Transaction& tx) {
    sb::Filter f;
    if (!core::sees_everything(who)) f.within_path = who.unit_path;
    if (q.unit_oid) {
      auto u = store::units::find_by_oid(tx, *q.unit_oid);
      if (!u || !core::can_read_unit(who, position_of(*u)))
        throw core::invalid("unit", "no unit " + *q.unit_oid + " in yours");
      f.unit_id = u->id;
    }
    if (q.blocked_by_me) f.centre_unit_id = who.unit_id;
    f.standing = q.standing;
    f.now = clock_.now();
    f.updated_since = q.updated_since;
    f.limit = q.limit;
    f.offset = q.offset;
    auto items = sb::list(tx, f);
    return std::pair{std::move(items), sb::count(tx, f)};
  });
}

Block BlockService::request_unblock(const core::Principal& who, long long id, const std::vector<std::string>& actions,
                                    const std::string& note) {
  core::check_unblock_request(actions, note);
  const auto now = clock_.now();
  return db_.write_value([&](store::Transaction& tx) {
    auto b = visible(tx, who, id);
    if (b.unit_id != who.unit_id) throw core::forbidden("The unit whose address is blocked asks for the unblock.");
    if (!b.in_force(now))
      throw core::Error(core::ErrorKind::conflict, "not_in_force", "this block is no longer in force");
    if (b.state == core::BlockState::unblock_requested)
      throw core::Error(core::ErrorKind::conflict, "already_requested", "the unblock was asked for already; the centre decides");
    b.state = core::BlockState::unblock_requested;
    b.request_actions = actions;
    b.request_note = note;
    b.requested_by = who.label;
    b.requested_at = now;
    b.updated_at = now;
    sb::save(tx, b);
    sb::add_event(tx, b.id, {now, who.label, "unblock_requested", note, actions});
    audit::append(tx, now, who.label, "block.unblock_request", "block", std::to_string(b.id), std::nullopt,
                  nlohmann::json{{"actions", actions}, {"note", note}}.dump());
    const auto owner = store::units::find_by_id(tx, b.unit_id);
    const std::string owner_name = owner ? owner->name : "";
    mail_contacts(tx, b.centre_unit_id, "unblock_requested", now, [&](bool zh) {
      return std::pair{(zh ? "申請解除封鎖：" : "Unblock asked for: ") + b.prefix + " (" + owner_name + ")",
                       (zh ? owner_name + " 已處理並申請解除封鎖 " + b.prefix + "。\n處理方式：" + actions_text(actions, true)
                           : owner_name + " has cleaned up and asks to unblock " + b.prefix + ".\nDone: " +
                                 actions_text(actions, false)) +
                           (note.empty() ? "" : "\n" + note) + "\n\n" +
                           (zh ? "請核准或退回（說明原因）：" : "Approve, or refuse with a reason: ") + public_url_ +
                           "/blocks/" + std::to_string(b.id) + "\n"};
    });
    return b;
  });
}

Block BlockService::decide(const core::Principal& who, long long id, bool approve, const std::string& reason) {
  if (reason.size() > core::kMaxBlockNote * 4) throw core::invalid("reason", "reason is too long");
  if (!approve && reason.find_first_not_of(" \t\r\n") == std::string::npos)
    throw core::invalid("reason", "say why the unblock is refused, so the unit knows what to do");
  const auto now = clock_.now();
  return db_.write_value([&](store::Transaction& tx) {
    auto b = visible(tx, who, id);
    if (b.centre_unit_id != who.unit_id && who.unit_kind != core::UnitKind::cert)
      throw core::forbidden("The centre that blocked the address, or the CERT, decides on its unblock.");
    if (b.state == core::BlockState::unblocked)
      throw core::Error(core::ErrorKind::conflict, "already_unblocked", "this block was lifted already");
    if (!approve && b.state != core::BlockState::unblock_requested)
      throw core::Error(core::ErrorKind::conflict, "not_requested", "nothing to refuse: the unit has not asked");
    b.decision_reason = reason;
    b.decided_by = who.label;
    b.decided_at = now;
    b.updated_at = now;
    if (approve) {
      b.state = core::BlockState::unblocked;
      b.unblocked_at = now;
    } else {
      b.state = core::BlockState::blocked;
    }
    sb::save(tx, b);
    sb::add_event(tx, b.id, {now, who.label, approve ? "unblocked" : "unblock_refused", reason});
    audit::append(tx, now, who.label, approve ? "block.unblock" : "block.unblock_refuse", "block", std::to_string(b.id),
                  std::nullopt, nlohmann::json{{"reason", reason}}.dump());
    mail_contacts(tx, b.unit_id, approve ? "address_unblocked" : "unblock_refused", now, [&](bool zh) {
      return std::pair{
          (approve ? (zh ? "已解除封鎖：" : "Unblocked: ") : (zh ? "解除封鎖申請被退回：" : "Unblock refused: ")) + b.prefix,
          (approve ? (zh ? "位址 " + b.prefix + " 已解除封鎖。" : "The address " + b.prefix + " is unblocked.")
                   : (zh ? "位址 " + b.prefix + " 的解除封鎖申請被退回，原因：" : "The unblock of " + b.prefix +
                                                                                     " was refused. Reason: ")) +
              (approve ? (reason.empty() ? "" : "\n" + reason) : reason) + "\n\n" + public_url_ + "/blocks/" +
              std::to_string(b.id) + "\n"};
    });
    return b;
  });
}

Feed BlockService::feed(const core::Principal& who, const std::optional<std::string>& unit_oid,
                        std::optional<core::TimeMs> updated_since) {
  return db_.read_value([&](store::Transaction& tx) {
    Feed f;
    f.generated_at = clock_.now();
    auto whose = store::units::find_by_id(tx, who.unit_id);
    if (unit_oid) {
      whose = store::units::find_by_oid(tx, *unit_oid);
      if (!whose || !core::can_read_unit(who, position_of(*whose)))
        throw core::invalid("unit", "no unit " + *unit_oid + " in yours");
    }
    if (!whose) throw core::not_found("no unit");
    // The CERT's own feed is everything; anyone else's is its subtree.
    const bool everything = !unit_oid && core::sees_everything(who);
    f.title = "Tongbao blocked prefixes of " + whose->name;
    f.entries = sb::feed(tx, everything ? "" : whose->path, f.generated_at, updated_since);
    return f;
  });
}

core::BlockFigures BlockService::figures(const core::Principal& who, const std::optional<std::string>& unit_oid,
                                        core::TimeMs from, core::TimeMs to, std::optional<long long> limit_days) {
  if (limit_days && (*limit_days < 0 || *limit_days > core::kMaxBlockLimitDays))
    throw core::invalid("longer_than_days", "longer_than_days must be a whole number of days from 0 to 3650");
  return db_.read_value([&](store::Transaction& tx) {
    std::string path = core::sees_everything(who) ? "" : who.unit_path;
    if (unit_oid) {
      auto u = store::units::find_by_oid(tx, *unit_oid);
      if (!u || !core::can_read_unit(who, position_of(*u))) throw core::invalid("unit", "no unit " + *unit_oid + " in yours");
      path = u->path;
    }
    const auto days = limit_days ? *limit_days
                                 : sb::limit_days(tx, path.empty() ? who.unit_path : path).value_or(core::kDefaultBlockLimitDays);
    auto f = core::block_figures(sb::spans(tx, path, from, to), from, to, clock_.now(), days * 86'400'000LL);
    f.limit_days = days;
    return f;
  });
}

long long BlockService::set_limit_days(const core::Principal& who, long long days) {
  if (!may_block(who) || who.contact_id <= 0) throw core::forbidden("A centre or the CERT sets how long blocks may last.");
  if (days < 1 || days > core::kMaxBlockLimitDays) throw core::invalid("days", "days must be a whole number from 1 to 3650");
  return db_.write_value([&](store::Transaction& tx) {
    const auto now = clock_.now();
    const auto before = sb::limit_days(tx, who.unit_path);
    sb::set_limit_days(tx, who.unit_id, days);
    audit::append(tx, now, who.label, "block.limit", "unit", who.unit_oid,
                  before ? std::optional(nlohmann::json{{"days", *before}}.dump()) : std::nullopt,
                  nlohmann::json{{"days", days}}.dump());
    return days;
  });
}

}  // namespace tongbao::containment
