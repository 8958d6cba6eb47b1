#include "containment/outbreak_alerts.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "audit/audit_log.h"
#include "core/deadlines.h"
#include "core/outbreak_alert.h"
#include "notify/outbox.h"
#include "store/contact_store.h"
#include "store/outbreak_store.h"
#include "store/unit_places.h"
#include "store/unit_store.h"

namespace tongbao::containment {
namespace {


// The ids of a unit's ancestors, from its materialised path "/1/4/9/" (itself excluded).
std::vector<long long> ancestors(const std::string& path) {
  std::vector<long long> ids;
  std::istringstream in(path);
  for (std::string part; std::getline(in, part, '/');)
    if (!part.empty()) ids.push_back(std::stoll(part));
  if (!ids.empty()) ids.pop_back();
  return ids;
}

void add_messages(std::vector<notify::Message>& out, std::set<long long>& reached, const std::vector<core::Contact>& contacts,
                  const core::Unit& centre, const std::string& kind_label_zh, const std::string& kind_label_en,
                  long long units, core::TimeMs span_ms, const std::string& link) {
  for (const auto& c : contacts) {
    if (!c.active || c.email.empty() || !reached.insert(c.id).second) continue;
    const bool zh = c.locale != "en";
    notify::Message m;
    m.channel = "email";
    m.recipient = c.email;
    m.recipient_name = c.name;
    m.locale = c.locale;
    m.kind = "outbreak_alert";
    if (zh) {
      m.subject = "疫情警訊：" + centre.name + " 轄下 " + std::to_string(units) + " 個單位收到「" + kind_label_zh + "」預警";
      m.body = centre.name + " 轄下有 " + std::to_string(units) + " 個單位在 " + core::describe_span_zh(span_ms) +
               " 內收到「" + kind_label_zh + "」資安預警，可能正在擴散。\n\n請至疫情分析查看最早的單位與擴散順序，"
               "必要時封鎖位址或升級為協同處理事件：\n" + link + "\n";
    } else {
      m.subject = "Possible outbreak: " + std::to_string(units) + " units under " + centre.name + " warned of " + kind_label_en;
      m.body = std::to_string(units) + " units under " + centre.name + " received early warnings of " + kind_label_en +
               " within " + core::describe_span_en(span_ms) + ": it may be spreading.\n\nThe outbreak view shows the first "
               "unit and the spread; block addresses or escalate to a coordinated incident from there:\n" + link + "\n";
    }
    out.push_back(std::move(m));
  }
}

}  // namespace

void OutbreakAlerts::on_warnings_routed(store::Transaction& tx, const std::vector<core::Warning>& fresh,
                                        const std::map<long long, store::units::UnitPlace>& places, core::TimeMs now) {
  // Each (centre, kind) once per batch, however many of its warnings the batch held.
  std::set<std::pair<long long, std::string>> pairs;
  std::map<long long, std::vector<long long>> ancestors_of;  // by unit, from its path
  for (const auto& w : fresh) {
    if (!w.unit_id) continue;
    auto it = ancestors_of.find(*w.unit_id);
    if (it == ancestors_of.end()) {
      const auto place = places.find(*w.unit_id);
      if (place == places.end()) continue;
      it = ancestors_of.emplace(*w.unit_id, ancestors(place->second.path)).first;
    }
    for (long long a : it->second) pairs.emplace(a, w.input.subcategory);
  }
  std::map<long long, std::optional<core::Unit>> units;
  std::vector<notify::Message> messages;
  for (const auto& [centre_id, kind] : pairs) {
    auto [it, fresh] = units.try_emplace(centre_id);
    if (fresh) it->second = store::units::find_by_id(tx, centre_id);
    const auto& centre = it->second;
    if (!centre || !core::is_centre(centre->kind)) continue;
    const auto& profile = policies_.for_ticket(centre->kind, now);
    if (profile.outbreak_alert_units <= 0) continue;
    const auto since = core::outbreak_alert_since(profile, now);
    // Told within the span already: nothing to count (a bulk import's later batches stop here).
    const auto last = store::outbreaks::last_alert(tx, centre_id, kind);
    if (last && *last >= since) continue;
    const auto warned = store::outbreaks::units_warned(tx, centre->path, kind, since);
    if (!core::outbreak_alert_due(profile, warned, last, now)) continue;
    store::outbreaks::record_alert(tx, centre_id, kind, warned, now);
    audit::append(tx, now, "system", "outbreak.alert", "unit", centre->oid, std::nullopt,
                  nlohmann::json{{"subcategory", kind}, {"units", warned}, {"since", since}}.dump());
    const auto* label = core::find_warning_subcategory(kind);
    const std::string zh = label ? std::string(label->label) : kind, en = label ? std::string(label->label_en) : kind;
    std::set<long long> reached;
    const auto link = public_url_ + "/outbreaks";
    add_messages(messages, reached, store::contacts::for_unit(tx, centre_id), *centre, zh, en, warned, now - since, link);
    for (long long cert : store::units::ids_of_kind(tx, core::UnitKind::cert))
      add_messages(messages, reached, store::contacts::for_unit(tx, cert), *centre, zh, en, warned, now - since, link);
  }
  notify::enqueue_many(tx, messages, now);
}

}  // namespace tongbao::containment
