#include "statistics/rollup_maintenance.h"

#include "core/incident_checks.h"
#include "store/incident_store.h"
#include "store/statistics_rollup_store.h"
#include "store/unit_store.h"

namespace tongbao::statistics {

namespace rollup = store::statistics_rollup;

core::TicketFigures figures_of(const core::Incident& t, int computed_level, const core::Unit& unit,
                               const core::PolicySet& policies) {
  core::TicketFigures f;
  f.unit_id = t.unit_id;
  f.unit_path = unit.path;
  f.reviewer_unit_id = t.reviewer_unit_id;
  f.draft = t.state == core::IncidentState::draft || t.state == core::IncidentState::discarded;  // counted nowhere
  f.drill = t.drill;
  f.type = std::string(core::to_string(t.report.type));
  f.subcategory = t.report.subcategory;
  f.level = t.level;
  f.chosen_level = t.report.chosen_level;
  f.computed_level = computed_level;
  if (t.report.aware_at) f.aware_at = t.report.aware_at;
  f.reported_at = t.reported_at;
  f.reviewed_at = t.reviewed_at;
  if (t.response) f.resolved_at = t.response->resolved_at;
  f.support_needed = t.report.support.needed;
  f.accepted_below_computed = core::accepted_below_computed(t, computed_level);
  f.entered_long_after = !core::times_entered_long_after(t).empty();
  fill_lateness(f, unit.kind, policies);
  return f;
}

void fill_lateness(core::TicketFigures& f, core::UnitKind unit_kind, const core::PolicySet& policies) {
  f.report_late_by.reset();
  if (f.aware_at && f.reported_at)
    f.report_late_by =
        core::report_late_by(policies.for_ticket(unit_kind, *f.aware_at), *f.aware_at, f.level, *f.reported_at);
}

void record_ticket_change(store::Transaction& tx, const core::PolicySet& policies, const core::Incident* before,
                          int computed_before, const core::Incident& after, int computed_after,
                          const core::Unit* unit) {
  std::optional<core::Unit> found;
  if (!unit || unit->id != after.unit_id) {
    found = store::units::find_by_id(tx, after.unit_id);
    if (!found) return;
    unit = &*found;
  }
  core::StatisticsRollup delta;
  if (before) delta.add(figures_of(*before, computed_before, *unit, policies), -1);
  delta.add(figures_of(after, computed_after, *unit, policies));
  if (!delta.empty()) rollup::add_at_commit(tx, after.id, std::move(delta));  // left to the filling if it is not there yet
}

void record_unit_kind_change(store::Transaction& tx, const core::PolicySet& policies, const core::Incident& ticket,
                             const core::Unit& before, int computed_before, const core::Unit& after,
                             int computed_after) {
  core::StatisticsRollup delta;
  delta.add(figures_of(ticket, computed_before, before, policies), -1);
  delta.add(figures_of(ticket, computed_after, after, policies));
  if (!delta.empty()) rollup::add_at_commit(tx, ticket.id, std::move(delta));  // as a ticket's own change
}

bool begin_rollup(store::Database& db, const std::string& basis) {
  return db.write_value([&](store::Transaction& tx) {
    if (rollup::basis(tx) == basis) return true;
    if (auto progress = rollup::fill_progress(tx); progress && progress->basis == basis) return false;  // resume
    rollup::clear(tx);
    rollup::set_fill_progress(tx, {basis, 0});
    return false;
  });
}

long long fill_rollup_page(store::Database& db, const core::PolicySet& policies, int page_size) {
  return db.write_value([&](store::Transaction& tx) -> long long {
    auto progress = rollup::fill_progress(tx);
    if (!progress) return 0;
    if (progress->after_id == 0) store::incidents::refresh_entered_long_after(tx);
    rollup::TicketQuery q;
    q.page = true;
    q.after_id = progress->after_id;
    q.limit = page_size;
    core::StatisticsRollup sums;
    long long read = 0;
    rollup::each_ticket(tx, q, [&](rollup::TicketRow& row) {
      fill_lateness(row.figures, row.unit_kind, policies);
      sums.add(row.figures);
      progress->after_id = row.id;
      ++read;
    });
    if (read == 0) {  // every ticket summed: ready
      rollup::set_basis(tx, progress->basis);
      rollup::clear_fill_progress(tx);
      return 0;
    }
    rollup::apply(tx, sums);
    rollup::set_fill_progress(tx, *progress);
    return read;
  });
}

RollupStatus rollup_status(store::Database& db) {
  return db.read_value([&](store::Transaction& tx) {
    RollupStatus s;
    auto progress = rollup::fill_progress(tx);
    s.ready = !progress && rollup::basis(tx).has_value();
    if (progress) {
      const auto last = rollup::last_ticket_id(tx);
      s.progress = last > 0 ? std::min(1.0, static_cast<double>(progress->after_id) / static_cast<double>(last)) : 1.0;
    }
    return s;
  });
}

long long ensure_rollup(store::Database& db, const core::PolicySet& policies, const std::string& basis) {
  if (begin_rollup(db, basis)) return 0;
  long long read = 0;
  while (long long n = fill_rollup_page(db, policies, 5000)) read += n;
  return read;
}

}  // namespace tongbao::statistics
