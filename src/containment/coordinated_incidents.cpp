#include "containment/coordinated_incidents.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/error.h"
#include "core/outbreak.h"
#include "core/time_format.h"
#include "core/warning.h"
#include "store/contact_store.h"
#include "store/coordinated_store.h"
#include "store/incident_store.h"
#include "store/outbreak_store.h"
#include "store/unit_store.h"
#include "store/warning_store.h"

namespace tongbao::containment {
namespace {

bool is_open(const core::Incident& t) {
  return t.state != core::IncidentState::closed && t.state != core::IncidentState::discarded;
}

// A warning answered into a ticket joins a filed one that is still open.
bool takes_warnings(const core::Incident& t) { return is_open(t) && t.state != core::IncidentState::draft; }

// What one school of the group brings: its tickets and its open warnings.
struct SchoolPart {
  core::TimeMs first_seen = 0;
  std::set<long long> tickets;
  std::vector<long long> open_warnings;
};

}  // namespace

incidents::TicketView CoordinatedIncidents::escalate(const core::Principal& who, EscalationRequest req) {
  if (who.contact_id <= 0) throw core::forbidden("A coordinated incident is opened by a person of a centre or the CERT.");
  if (who.unit_kind != core::UnitKind::regional_centre && who.unit_kind != core::UnitKind::county_centre &&
      who.unit_kind != core::UnitKind::cert)
    throw core::forbidden("A coordinated incident is held by a centre or the CERT.");
  const auto& q = req.window;
  if (q.to <= q.from) throw core::invalid("to", "to must come after from");
  if (q.to - q.from > kMaxOutbreakWindow) throw core::invalid("from", "a window of at most 400 days");
  if (req.key.empty() || req.key.size() > 200) throw core::invalid("key", "name the group: a sub-category, remote address or rule");
  if (req.unit_oids.size() > kMaxCoordinatedUnits)
    throw core::invalid("units", "at most " + std::to_string(kMaxCoordinatedUnits) + " units");

  const long long parent_id = db_.write_value([&](store::Transaction& tx) {
    const auto now = clock_.now();
    std::string path = core::sees_everything(who) ? "" : who.unit_path;
    if (q.unit_oid) {
      auto u = store::units::find_by_oid(tx, *q.unit_oid);
      if (!u || !core::can_read_unit(who, {u->id, u->path})) throw core::invalid("unit", "no unit " + *q.unit_oid + " in yours");
      path = u->path;
    }
    auto sightings = store::outbreaks::sightings(tx, path, q.from, q.to);
    core::map_warning_subcategories(sightings);

    std::set<long long> wanted;
    for (const auto& oid : req.unit_oids) {
      auto u = store::units::find_by_oid(tx, oid);
      if (!u) throw core::invalid("units", "no unit has the OID " + oid);
      wanted.insert(u->id);
    }
    std::map<long long, SchoolPart> schools;
    std::vector<std::string> hosts;
    std::set<std::string> seen_hosts;
    core::TimeMs first_seen = 0;
    auto add_host = [&](const std::string& ip) {
      if (!ip.empty() && hosts.size() < 200 && seen_hosts.insert(ip).second) hosts.push_back(ip);
    };
    for (const auto& s : sightings) {
      if (core::grouping_key(s, q.by) != req.key || s.unit_id == who.unit_id) continue;
      if (!wanted.empty() && !wanted.count(s.unit_id)) continue;
      if (s.coordinated_id)
        throw core::Error(core::ErrorKind::conflict, "already_coordinated",
                          "This outbreak is coordinated already, in ticket " + s.coordinated_number + ".", "key");
      auto& part = schools[s.unit_id];
      if (!part.first_seen || s.at < part.first_seen) part.first_seen = s.at;
      if (!first_seen || s.at < first_seen) first_seen = s.at;
      if (s.kind == core::SightingKind::ticket) {
        part.tickets.insert(s.id);
        if (auto t = store::incidents::find(tx, s.id))
          for (const auto& h : t->report.hosts) add_host(h.ip);
      } else if (s.kind == core::SightingKind::warning) {
        auto w = store::warnings::find(tx, s.id);
        if (!w) continue;
        add_host(w->host);
        if (w->state == "open") part.open_warnings.push_back(w->id);
        else if (w->incident_id) part.tickets.insert(*w->incident_id);  // answered into a ticket already
      }
    }
    if (schools.empty()) throw core::invalid("key", "no unit below yours is in the group " + req.key + " in that window");
    for (long long id : wanted)
      if (!schools.count(id)) throw core::invalid("units", "a unit named is not in the group " + req.key);
    if (schools.size() > kMaxCoordinatedUnits)
      throw core::invalid("key", "the group has more than " + std::to_string(kMaxCoordinatedUnits) + " units: choose some");

    // The parent's report: what the caller gave, completed from the group.
    auto& r = req.report;
    if (r.subcategory.empty() && q.by == core::OutbreakGrouping::subcategory) r.subcategory = req.key;
    if (!r.aware_at) r.aware_at = now;
    if (!r.occurred_at && first_seen <= r.aware_at) r.occurred_at = first_seen;
    if (r.hosts.empty())
      for (const auto& ip : hosts) r.hosts.push_back({ip, "", "", "", "school"});
    const auto contact = store::contacts::find_by_id(tx, who.contact_id);
    const bool zh = !contact || contact->locale != "en";
    if (r.description.empty())
      r.description = zh ? "協同處理：" + std::to_string(schools.size()) + " 個單位同時發生 " + req.key + "，最早見於 " +
                               core::format_utc(first_seen) + "。"
                         : "Coordinated incident: " + req.key + " at " + std::to_string(schools.size()) +
                               " units, first seen " + core::format_utc(first_seen) + ".";
    if (contact && r.contact_name.empty()) {
      r.contact_name = contact->name;
      r.contact_phone = contact->phone.empty() ? contact->mobile : contact->phone;
      r.contact_email = contact->email;
    }
    const auto parent = incidents_.create_in(tx, who, r, false, true).incident;

    // Each school in order of first sighting: its tickets become children, its open warnings
    // are answered into its open ticket or into a draft opened for it.
    std::vector<std::pair<core::TimeMs, long long>> order;
    for (const auto& [unit_id, part] : schools) order.emplace_back(part.first_seen, unit_id);
    std::sort(order.begin(), order.end());
    const std::string reason = (zh ? "併入協同處理事件 " : "Part of coordinated incident ") + parent.number;
    for (const auto& [at, unit_id] : order) {
      auto& part = schools[unit_id];
      std::optional<long long> open_child;
      for (long long ticket_id : part.tickets) {
        auto t = store::incidents::find(tx, ticket_id);
        if (!t || t->unit_id != unit_id || t->parent_id) continue;
        incidents_.attach_child_in(tx, who, parent.id, ticket_id);
        if (!open_child && takes_warnings(*t)) open_child = ticket_id;
      }
      if (!part.open_warnings.empty()) {
        auto answered = warnings_.reply_in(tx, who, part.open_warnings, core::WarningReply::real_incident, reason, open_child);
        if (!open_child && !answered.empty() && answered.front().incident_id)
          incidents_.attach_child_in(tx, who, parent.id, *answered.front().incident_id);
      } else if (part.tickets.empty()) {
        // Seen only through blocks: a draft for the school to say what happened.
        auto unit = store::units::find_by_id(tx, unit_id);
        if (!unit) continue;
        core::IncidentReport cr;
        cr.type = r.type;
        cr.subcategory = r.subcategory;
        cr.aware_at = now;
        cr.description = reason;
        const auto child = incidents_.create_in(tx, core::acting_for(who, *unit), cr, false, false).incident;
        incidents_.attach_child_in(tx, who, parent.id, child.id);
      }
    }
    return parent.id;
  });
  return incidents_.get(who, parent_id);
}

std::vector<ChildState> CoordinatedIncidents::children(const core::Principal& who, long long parent_id) {
  incidents_.get(who, parent_id);  // 404 unless the caller may see the parent
  return db_.read_value([&](store::Transaction& tx) {
    std::vector<ChildState> out;
    for (const auto& row : store::coordinated::children(tx, parent_id, clock_.now())) {
      ChildState c;
      c.unit_id = row.unit_id;
      c.ticket_id = row.ticket_id;
      c.number = row.number;
      c.state = row.state;
      c.reported = row.state != "draft" && row.state != "discarded";
      c.cleaned = row.responded;
      c.unblocked = row.blocks_in_force == 0;
      c.warnings = row.warnings;
      c.blocks_in_force = row.blocks_in_force;
      c.unblock_requests = row.unblock_requests;
      c.blocks_ended = row.blocks_ended;
      out.push_back(c);
    }
    return out;
  });
}

}  // namespace tongbao::containment
