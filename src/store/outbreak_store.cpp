#include "store/outbreak_store.h"

#include <nlohmann/json.hpp>

namespace tongbao::store::outbreaks {
namespace {

// The other end of a warning's observation: the first address that is not the routed host.
std::string remote_of(std::string_view addresses_json, const std::string& host) {
  if (addresses_json.empty()) return {};
  const auto addresses = nlohmann::json::parse(addresses_json, nullptr, false);
  if (!addresses.is_array()) return {};
  for (const auto& a : addresses)
    if (a.is_object() && a.value("ip", "") != host && !a.value("ip", "").empty()) return a.value("ip", "");
  return {};
}

}  // namespace

std::vector<core::Sighting> sightings(Transaction& tx, const std::string& within_path, core::TimeMs from,
                                      core::TimeMs to) {
  std::vector<core::Sighting> out;
  const std::string under = within_path + "%";
  // A warning answered into a child ticket belongs to that ticket's coordinated incident.
  tx.each("SELECT w.id, w.unit_id, w.first_seen, w.subcategory, w.host, w.addresses_json, w.rule_id, i.parent_id, p.number "
          "FROM warnings w JOIN units u ON u.id = w.unit_id LEFT JOIN incidents i ON i.id = w.incident_id "
          "LEFT JOIN incidents p ON p.id = i.parent_id WHERE u.path LIKE ? AND w.last_seen >= ? AND w.first_seen < ?",
          {under, from, to}, [&](const RowView& r) {
            core::Sighting s;
            s.kind = core::SightingKind::warning;
            s.id = r.integer(0);
            s.unit_id = r.integer(1);
            s.at = r.integer(2);
            s.warning_subcategory = r.text(3);
            s.remote = remote_of(r.text_view(5), r.text(4));
            s.rule = r.text(6);
            if (!r.is_null(7)) s.coordinated_id = r.integer(7), s.coordinated_number = r.is_null(8) ? "" : r.text(8);
            out.push_back(std::move(s));
          });
  // Filed tickets, and the drafts a coordinated incident opened for its schools; not the
  // coordinated incidents themselves (the centre's own ticket over the whole event).
  tx.each("SELECT i.id, i.unit_id, COALESCE(i.aware_at, i.created_at), i.subcategory, i.parent_id, p.number "
          "FROM incidents i JOIN units u ON u.id = i.unit_id LEFT JOIN incidents p ON p.id = i.parent_id "
          "WHERE u.path LIKE ? AND (i.state NOT IN ('draft', 'discarded') OR (i.parent_id IS NOT NULL "
          "AND i.state = 'draft')) AND NOT EXISTS (SELECT 1 FROM incidents c WHERE c.parent_id = i.id) "
          "AND COALESCE(i.aware_at, i.created_at) >= ? AND COALESCE(i.aware_at, i.created_at) < ?",
          {under, from, to}, [&](const RowView& r) {
            core::Sighting s;
            s.kind = core::SightingKind::ticket;
            s.id = r.integer(0);
            s.unit_id = r.integer(1);
            s.at = r.integer(2);
            s.subcategory = r.text(3);
            if (!r.is_null(4)) s.coordinated_id = r.integer(4), s.coordinated_number = r.is_null(5) ? "" : r.text(5);
            out.push_back(std::move(s));
          });
  // A block takes what its warning or ticket says of the event.
  tx.each("SELECT b.id, b.unit_id, b.blocked_at, w.subcategory, i.subcategory, w.host, w.addresses_json, w.rule_id "
          "FROM blocks b JOIN units u ON u.id = b.unit_id LEFT JOIN warnings w ON w.id = b.warning_id "
          "LEFT JOIN incidents i ON i.id = b.incident_id WHERE u.path LIKE ? AND b.blocked_at >= ? AND b.blocked_at < ?",
          {under, from, to}, [&](const RowView& r) {
            core::Sighting s;
            s.kind = core::SightingKind::block;
            s.id = r.integer(0);
            s.unit_id = r.integer(1);
            s.at = r.integer(2);
            if (!r.is_null(3)) s.warning_subcategory = r.text(3);
            else if (!r.is_null(4)) s.subcategory = r.text(4);
            if (!r.is_null(5)) s.remote = remote_of(r.text_view(6), r.text(5));
            s.rule = r.is_null(7) ? "" : r.text(7);
            out.push_back(std::move(s));
          });
  return out;
}

long long units_warned(Transaction& tx, const std::string& within_path, const std::string& subcategory, core::TimeMs since) {
  return tx
      .query_one("SELECT COUNT(DISTINCT w.unit_id) FROM warnings w JOIN units u ON u.id = w.unit_id "
                 "WHERE w.subcategory = ? AND w.created_at >= ? AND u.path LIKE ?",
                 {subcategory, since, within_path + "%"})
      ->integer(0);
}

std::optional<core::TimeMs> last_alert(Transaction& tx, long long centre_unit_id, const std::string& subcategory) {
  auto r = tx.query_one("SELECT MAX(alerted_at) FROM outbreak_alerts WHERE centre_unit_id = ? AND subcategory = ?",
                        {static_cast<std::int64_t>(centre_unit_id), subcategory});
  return r ? r->optional_integer(0) : std::nullopt;
}

void record_alert(Transaction& tx, long long centre_unit_id, const std::string& subcategory, long long units,
                  core::TimeMs now) {
  tx.execute("INSERT INTO outbreak_alerts (centre_unit_id, subcategory, units, alerted_at) VALUES (?, ?, ?, ?)",
             {static_cast<std::int64_t>(centre_unit_id), subcategory, static_cast<std::int64_t>(units), now});
}

}  // namespace tongbao::store::outbreaks
