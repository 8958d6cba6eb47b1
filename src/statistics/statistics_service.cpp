#include "statistics/statistics_service.h"

#include <algorithm>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "core/deadlines.h"
#include "core/prefix_table.h"
#include "core/error.h"
#include "core/ticket_number.h"
#include "statistics/rollup_maintenance.h"
#include "statistics/timeliness_sums.h"
#include "store/statistics_rollup_store.h"
#include "store/unit_store.h"

namespace tongbao::statistics {
namespace {

namespace rollup = store::statistics_rollup;

std::int64_t i64(long long v) { return static_cast<std::int64_t>(v); }

std::string warning_filter(const std::string& path, const Query& q, std::vector<store::Value>& p) {
  std::string w = " WHERE u.path LIKE ?";
  p.emplace_back(path + "%");
  if (q.from) w += " AND w.created_at >= ?", p.emplace_back(*q.from);
  if (q.to) w += " AND w.created_at < ?", p.emplace_back(*q.to);
  return w;
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

StatisticsService::Scope StatisticsService::scope_of(store::Transaction& tx, const core::Principal& who,
                                                     const Query& q) {
  Scope scope;
  scope.path = scope_path(tx, who, q);
  const auto ids = core::ids_on_path(scope.path);
  // The subtree roots whose sums make up the scope, and the units one level below for by_unit.
  if (ids.empty()) {
    for (auto& r : tx.query("SELECT id, oid FROM units WHERE parent_id IS NULL")) {
      scope.roots.push_back(r.integer(0));
      scope.children.emplace_back(r.integer(0), r.text(1));
    }
  } else {
    scope.roots.push_back(ids.back());
    for (auto& r : tx.query("SELECT id, oid FROM units WHERE parent_id = ?", {i64(ids.back())}))
      scope.children.emplace_back(r.integer(0), r.text(1));
  }
  return scope;
}

StatisticsService::SumsStatus StatisticsService::sums_status() {
  if (sums_ready_) return {true, 1};
  const auto status = rollup_status(db_);
  if (status.ready) sums_ready_ = true;
  return {status.ready, status.progress};
}

void StatisticsService::require_sums_ready() {
  if (sums_ready_) return;
  const auto status = rollup_status(db_);
  if (status.ready) {
    sums_ready_ = true;
    return;
  }
  core::Error e(core::ErrorKind::unavailable, "statistics_not_ready",
                "The statistics are being summed after a start: " + std::to_string(static_cast<int>(status.progress * 100)) +
                    "% done. Try again in a moment.");
  e.retry_after_seconds = 5;
  throw e;
}

Counts StatisticsService::counts(const core::Principal& who, const Query& q) {
  require_sums_ready();
  return db_.read_value([&](store::Transaction& tx) {
    Counts c;
    const auto scope = scope_of(tx, who, q);
    const auto split = core::split_period(q.from, q.to);
    const rollup::MonthRange months{split.first_month, split.end_month};
    auto add = [&](const std::string& month, const std::string& dimension, const std::string& value, long long n) {
      if (dimension == "type") {
        c.by_type[value] += n;
        c.by_month[month] += n;
        c.total += n;
      } else if (dimension == "subcategory") {
        c.by_subcategory[value] += n;
      } else if (dimension == "level") {
        c.by_level[value] += n;
      }
    };
    rollup::read_counts(tx, scope.roots, q.drills, months, add);
    std::map<long long, std::string> child_oid;
    for (const auto& [id, oid] : scope.children) {
      child_oid[id] = oid;
      c.by_unit[oid] = rollup::read_total(tx, id, q.drills, months);
    }
    // The partial months: from their tickets, counted as the stored sums count them (filed, with a
    // time of awareness), all in the scope and each in the child of the root it sits under; or as
    // the whole month less the tickets of the rest of it.
    const size_t depth = core::ids_on_path(scope.path).size();
    std::unordered_map<long long, const std::string*> child_of;  // unit -> the oid of the child it is under
    for (const auto& edge : split.edges) {
      const auto read = core::plan_partial_month(edge);
      if (read.whole) {
        const rollup::MonthRange month{edge.month, core::next_month(edge.month)};
        rollup::read_counts(tx, scope.roots, q.drills, month, add);
        for (const auto& [id, oid] : scope.children) c.by_unit[oid] += rollup::read_total(tx, id, q.drills, month);
      }
      for (const auto& [from, to, sign] : read.tickets) {
        rollup::TicketQuery tq;
        tq.aware_from = from;
        tq.aware_to = to;
        tq.within_path = scope.path;
        rollup::each_ticket(tx, tq, [&](const rollup::TicketRow& row) {
          const auto& f = row.figures;
          if (f.draft || !f.aware_at || f.drill != q.drills) return;
          add(edge.month, "type", f.type, sign);
          add(edge.month, "subcategory", f.subcategory, sign);
          add(edge.month, "level", std::to_string(f.level), sign);
          auto [child, unseen] = child_of.try_emplace(f.unit_id, nullptr);
          if (unseen) {
            const auto ids = core::ids_on_path(f.unit_path);
            if (ids.size() > depth)
              if (auto oid = child_oid.find(ids[depth]); oid != child_oid.end()) child->second = &oid->second;
          }
          if (child->second) c.by_unit[*child->second] += sign;
        });
      }
    }
    auto drop_zero = [](std::map<std::string, long long>& m) { std::erase_if(m, [](auto& e) { return e.second == 0; }); };
    drop_zero(c.by_type), drop_zero(c.by_subcategory), drop_zero(c.by_level), drop_zero(c.by_month);
    std::vector<store::Value> wp;
    for (auto& r : tx.query("SELECT w.subcategory, w.reply, w.created_at FROM warnings w JOIN units u ON u.id = w.unit_id" +
                                warning_filter(scope.path, q, wp),
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
  require_sums_ready();
  return db_.read_value([&](store::Transaction& tx) {
    const std::string path = scope_path(tx, who, q);
    const auto split = core::split_period(q.from, q.to);
    // Sums per unit (or reviewing unit): the stored rows of the plan, then the partial months.
    TimelinessSums sums;
    int sign = 1;
    auto add_row = [&](const rollup::TimelinessRow& r) {
      sums.add_row(by_reviewer ? r.reviewer_unit_id : r.unit_id, r, sign);
    };
    const auto with_tickets = rollup::months_with_tickets(tx);
    for (const auto& read : core::plan_sum_reads(split.first_month, split.end_month, with_tickets)) {
      sign = read.sign;
      rollup::read_timeliness(tx, path, q.drills, read.grain, read.from, read.to, add_row);
    }
    // The partial months: their whole ten-day periods from the sums, the rest from the tickets
    // (added, or taken away from a ten-day period), as the stored sums took them.
    for (const auto& edge : split.edges) {
      const auto read = core::plan_partial_month_by_dekads(edge);
      sign = 1;
      for (const auto& dekad : read.dekads) rollup::read_timeliness(tx, path, q.drills, "dekad", dekad, dekad, add_row);
      for (const auto& range : read.tickets) {
        rollup::TicketQuery tq;
        tq.aware_from = range.from;
        tq.aware_to = range.to;
        tq.within_path = path;
        rollup::each_ticket(tx, tq, [&](rollup::TicketRow& row) {
          if (row.figures.drill != q.drills) return;
          fill_lateness(row.figures, row.unit_kind, policies_);
          if (const auto f = core::timeliness_of(row.figures))
            sums.add_ticket(by_reviewer ? row.figures.reviewer_unit_id : row.figures.unit_id, *f, range.sign);
        });
      }
    }
    if (!by_reviewer) {
      std::vector<store::Value> wp;
      tx.each("SELECT w.unit_id, w.reply, w.replied_at, w.due_at FROM warnings w JOIN units u ON u.id = w.unit_id" +
                  warning_filter(path, q, wp),
              wp, [&](const store::RowView& r) {
                sums.add_warning(r.integer(0), !r.is_null(2) && r.integer(2) <= r.integer(3),
                                 r.text_view(1) == "false_positive");
              });
    }
    std::unordered_map<long long, Timeliness> figures;
    sums.finish([&](long long unit_id, Timeliness& t) {
      if (t.incidents != 0 || t.warnings != 0) figures.emplace(unit_id, std::move(t));
    });
    std::vector<Timeliness> out;
    tx.each("SELECT id, oid, code, name FROM units", {}, [&](const store::RowView& r) {
      // A key with no unit (a ticket filed before its unit had a reviewer, say) is left out.
      auto f = figures.find(r.integer(0));
      if (f == figures.end()) return;
      f->second.unit_oid = r.text(1);
      f->second.unit_code = r.text(2);
      f->second.unit_name = r.text(3);
      out.push_back(std::move(f->second));
    });
    std::sort(out.begin(), out.end(), [](auto& x, auto& y) { return x.unit_oid < y.unit_oid; });
    return out;
  });
}

}  // namespace tongbao::statistics
