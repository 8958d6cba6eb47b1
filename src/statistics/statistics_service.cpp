#include "statistics/statistics_service.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/deadlines.h"
#include "core/prefix_table.h"
#include "core/error.h"
#include "core/ticket_number.h"
#include "store/unit_store.h"

namespace tongbao::statistics {
namespace {

std::int64_t i64(long long v) { return static_cast<std::int64_t>(v); }

// WHERE fragment and parameters for incidents under `path` in the period, real or drills.
std::string incident_filter(const std::string& path, const Query& q, std::vector<store::Value>& p) {
  std::string w = " WHERE u.path LIKE ? AND i.state <> 'draft' AND i.drill = ?";
  p.emplace_back(path + "%");
  p.emplace_back(i64(q.drills ? 1 : 0));
  if (q.from) w += " AND i.aware_at >= ?", p.emplace_back(*q.from);
  if (q.to) w += " AND i.aware_at < ?", p.emplace_back(*q.to);
  return w;
}

std::string warning_filter(const std::string& path, const Query& q, std::vector<store::Value>& p) {
  std::string w = " WHERE u.path LIKE ?";
  p.emplace_back(path + "%");
  if (q.from) w += " AND w.created_at >= ?", p.emplace_back(*q.from);
  if (q.to) w += " AND w.created_at < ?", p.emplace_back(*q.to);
  return w;
}

Distribution distribution(std::vector<core::TimeMs> v) {
  Distribution d;
  d.n = static_cast<long long>(v.size());
  if (v.empty()) return d;
  std::sort(v.begin(), v.end());
  auto at = [&](double q) { return v[std::min(v.size() - 1, static_cast<size_t>(q * (v.size() - 1) + 0.5))] / 3'600'000.0; };
  d.median_hours = at(0.5);
  d.p90_hours = at(0.9);
  return d;
}

}  // namespace

StatisticsService::StatisticsService(store::Database& db, const core::Clock& clock, const core::PolicySet& policies,
                                     const CountryDatabase* countries)
    : db_(db), clock_(clock), policies_(policies), countries_(countries) {}

std::map<std::string, long long> StatisticsService::source_countries(const core::Principal& who, const Query& q) {
  if (!countries_)
    throw core::Error(core::ErrorKind::not_found, "no_country_database",
                      "No country database is installed (see --geoip-db).");
  return db_.read_value([&](store::Transaction& tx) {
    const std::string path = scope_path(tx, who, q);
    core::PrefixTable ours;
    for (auto& r : tx.query("SELECT unit_id, cidr FROM unit_ip_ranges"))
      if (auto range = core::parse_ip_range(r.text(1))) ours.insert(*range, r.integer(0));
    std::map<std::string, long long> out;
    std::vector<store::Value> p;
    for (auto& r : tx.query("SELECT w.addresses_json FROM warnings w JOIN units u ON u.id = w.unit_id" +
                                warning_filter(path, q, p),
                            p)) {
      for (const auto& a : nlohmann::json::parse(r.text(0))) {
        const auto ip = a.value("ip", "");
        if (ours.lookup(ip)) continue;  // our own side of the traffic
        ++out[countries_->country(ip).value_or("unknown")];
      }
    }
    return out;
  });
}

std::string StatisticsService::scope_path(store::Transaction& tx, const core::Principal& who, const Query& q) {
  if (q.root_oid) {
    auto root = store::units::find_by_oid(tx, *q.root_oid);
    if (!root || !core::can_read_unit(who, {root->id, root->path}))
      throw core::not_found("No unit with the OID " + *q.root_oid + " is visible to you.");
    return root->path;
  }
  // The CERT is the tree's root: its own subtree is everything. The ministry sees from the top.
  if (core::sees_everything(who) && who.unit_kind != core::UnitKind::cert) return "/";
  return who.unit_path;
}

Counts StatisticsService::counts(const core::Principal& who, const Query& q) {
  return db_.read_value([&](store::Transaction& tx) {
    Counts c;
    const std::string path = scope_path(tx, who, q);
    auto group = [&](const char* column, std::map<std::string, long long>& into) {
      std::vector<store::Value> p;
      const std::string sql = std::string("SELECT ") + column + ", COUNT(*) FROM incidents i JOIN units u ON u.id = i.unit_id" +
                              incident_filter(path, q, p) + " GROUP BY " + column;
      for (auto& r : tx.query(sql, p)) into[r.text(0)] = r.integer(1);
    };
    group("i.type", c.by_type);
    group("i.subcategory", c.by_subcategory);
    group("i.level", c.by_level);
    group("i.aware_month", c.by_month);
    for (const auto& [k, n] : c.by_type) c.total += n;
    // Per child of the root: each child's whole subtree.
    std::vector<store::Value> p;
    std::map<std::string, long long> by_path;
    for (auto& r : tx.query("SELECT u.path, COUNT(*) FROM incidents i JOIN units u ON u.id = i.unit_id" +
                                incident_filter(path, q, p) + " GROUP BY u.path",
                            p))
      by_path[r.text(0)] = r.integer(1);
    std::vector<store::Value> cp{path + "%", i64(static_cast<long long>(std::count(path.begin(), path.end(), '/')))};
    for (auto& child : tx.query("SELECT oid, path FROM units WHERE path LIKE ? AND "
                                "LENGTH(path) - LENGTH(REPLACE(path, '/', '')) = ? + 1",
                                cp)) {
      long long n = 0;
      for (const auto& [unit_path, count] : by_path)
        if (unit_path.compare(0, child.text(1).size(), child.text(1)) == 0) n += count;
      c.by_unit[child.text(0)] = n;
    }
    std::vector<store::Value> wp;
    for (auto& r : tx.query("SELECT w.subcategory, w.reply, w.created_at FROM warnings w JOIN units u ON u.id = w.unit_id" +
                                warning_filter(path, q, wp),
                            wp)) {
      ++c.warnings;
      ++c.warnings_by_subcategory[r.text(0)];
      ++c.warnings_by_reply[r.is_null(1) ? "unanswered" : r.text(1)];
      ++c.warnings_by_month[core::taipei_year_month(r.integer(2))];
    }
    return c;
  });
}

std::vector<Timeliness> StatisticsService::timeliness(const core::Principal& who, const Query& q, bool by_reviewer) {
  return db_.read_value([&](store::Transaction& tx) {
    const std::string path = scope_path(tx, who, q);
    struct Acc {
      Timeliness t;
      std::vector<core::TimeMs> report, review, recovery;
      core::TimeMs late_total = 0;
    };
    std::map<long long, Acc> acc;
    std::vector<store::Value> p;
    const std::string group_column = by_reviewer ? "i.reviewer_unit_id" : "i.unit_id";
    for (auto& r : tx.query("SELECT " + group_column + ", u.kind, i.level, i.chosen_level, i.computed_level, i.aware_at, "
                            "i.reported_at, i.reviewed_at, i.resolved_at, i.support_needed "
                            "FROM incidents i JOIN units u ON u.id = i.unit_id" + incident_filter(path, q, p),
                            p)) {
      if (r.is_null(0) || r.is_null(5) || r.is_null(6)) continue;
      auto& a = acc[r.integer(0)];
      const auto aware = r.integer(5), reported = r.integer(6);
      ++a.t.incidents;
      a.report.push_back(reported - aware);
      if (!r.is_null(7)) a.review.push_back(r.integer(7) - reported);
      if (!r.is_null(8)) a.recovery.push_back(r.integer(8) - aware);
      // Late by the report deadline of the profile in force at awareness.
      const auto& profile = policies_.for_ticket(core::parse_unit_kind(r.text(1)).value_or(core::UnitKind::other), aware);
      core::TicketMoments m;
      m.aware_at = aware;
      m.level = static_cast<int>(r.integer(2));
      m.reported_at = reported;
      for (const auto& d : core::compute_deadlines(profile, m, reported))
        if (d.rule->met_by == core::Milestone::reported && d.state == core::DeadlineState::met_late) {
          ++a.t.late_reports;
          a.late_total += d.late_by_ms;
        }
      if (r.integer(2) > r.integer(3) && r.integer(3) > 0) ++a.t.raised_by_reviewer;
      if (r.integer(3) > 0 && r.integer(3) < r.integer(4)) ++a.t.under_reported;
      if (r.integer(9)) ++a.t.support_requested;
    }
    if (!by_reviewer) {
      std::vector<store::Value> wp;
      for (auto& r : tx.query("SELECT w.unit_id, w.state, w.reply, w.replied_at, w.due_at FROM warnings w "
                              "JOIN units u ON u.id = w.unit_id" + warning_filter(path, q, wp),
                              wp)) {
        auto& a = acc[r.integer(0)];
        ++a.t.warnings;
        if (!r.is_null(3) && r.integer(3) <= r.integer(4)) ++a.t.warnings_answered_in_time;
        if (r.text(2) == "false_positive") ++a.t.warnings_false_positive;
      }
    }
    std::vector<Timeliness> out;
    for (auto& [unit_id, a] : acc) {
      auto unit = store::units::find_by_id(tx, unit_id);
      if (!unit) continue;
      a.t.unit_oid = unit->oid;
      a.t.unit_code = unit->code;
      a.t.unit_name = unit->name;
      a.t.awareness_to_report = distribution(a.report);
      a.t.report_to_review = distribution(a.review);
      a.t.awareness_to_recovery = distribution(a.recovery);
      if (a.t.incidents) {
        a.t.late_share = static_cast<double>(a.t.late_reports) / a.t.incidents;
        a.t.raised_share = static_cast<double>(a.t.raised_by_reviewer) / a.t.incidents;
      }
      if (a.t.late_reports) a.t.mean_hours_late = a.late_total / 3'600'000.0 / a.t.late_reports;
      if (a.t.warnings) {
        a.t.warnings_in_time_share = static_cast<double>(a.t.warnings_answered_in_time) / a.t.warnings;
        a.t.false_positive_share = static_cast<double>(a.t.warnings_false_positive) / a.t.warnings;
      }
      out.push_back(a.t);
    }
    std::sort(out.begin(), out.end(), [](auto& x, auto& y) { return x.unit_oid < y.unit_oid; });
    return out;
  });
}

}  // namespace tongbao::statistics
