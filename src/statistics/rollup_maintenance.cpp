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
                          int computed_before, const core::Incident& after, int computed_after) {
  auto unit = store::units::find_by_id(tx, after.unit_id);
  if (!unit) return;
  core::StatisticsRollup delta;
  if (before) delta.add(figures_of(*before, computed_before, *unit, policies), -1);
  delta.add(figures_of(after, computed_after, *unit, policies));
  if (!delta.empty()) rollup::apply(tx, delta);
}

long long ensure_rollup(store::Database& db, const core::PolicySet& policies, const std::string& basis) {
  long long read = 0;
  db.write([&](store::Transaction& tx) {
    if (rollup::basis(tx) == basis) return;
    rollup::clear(tx);
    store::incidents::refresh_entered_long_after(tx);
    // One transaction, so the sums never count a ticket twice or miss one written meanwhile.
    rollup::TicketQuery q;
    q.page = true;
    for (;;) {
      core::StatisticsRollup sums;
      long long in_page = 0;
      rollup::each_ticket(tx, q, [&](rollup::TicketRow& row) {
        fill_lateness(row.figures, row.unit_kind, policies);
        sums.add(row.figures);
        q.after_id = row.id;
        ++in_page;
      });
      if (in_page == 0) break;
      rollup::apply(tx, sums);
      read += in_page;
    }
    rollup::set_basis(tx, basis);
  });
  return read;
}

}  // namespace tongbao::statistics
