#pragma once
// Keeps the pre-aggregated statistics (core/statistics_rollup.h) in step with the tickets.
#include "core/incident.h"
#include "core/policy_set.h"
#include "core/statistics_rollup.h"
#include "core/unit.h"
#include "store/database.h"

namespace tongbao::statistics {

core::TicketFigures figures_of(const core::Incident& ticket, int computed_level, const core::Unit& unit,
                               const core::PolicySet& policies);

// Fills report_late_by from the profile in force for the unit's kind at the time of awareness.
void fill_lateness(core::TicketFigures& figures, core::UnitKind unit_kind, const core::PolicySet& policies);

// In the transaction that changes a ticket: its old figures (none when it is new) out, the new in.
// `unit` is the ticket's, when the caller has it already.
void record_ticket_change(store::Transaction& tx, const core::PolicySet& policies, const core::Incident* before,
                          int computed_before, const core::Incident& after, int computed_after,
                          const core::Unit* unit = nullptr);
// A ticket counted again under its unit's new kind: a kind chooses the policy profile, and with it
// whether the report was late and the level the impact gives (`computed_before`, `computed_after`).
void record_unit_kind_change(store::Transaction& tx, const core::PolicySet& policies, const core::Incident& ticket,
                             const core::Unit& before, int computed_before, const core::Unit& after,
                             int computed_after);

// Filling the sums from every ticket, unless they were filled under the same `basis` (a name for
// the policy profiles in force: lateness depends on them). The server fills them in the
// background, a page of tickets per short transaction, while it serves: a ticket changed
// meanwhile changes the sums only once its page is summed, so nothing counts twice or is missed,
// and an interrupted filling resumes where it stopped.
// Starts (or resumes) a filling; true when the sums are ready already.
bool begin_rollup(store::Database& db, const std::string& basis);
// Sums the next page; returns how many tickets it read (0: the sums are complete and ready).
long long fill_rollup_page(store::Database& db, const core::PolicySet& policies, int page_size = 2000);

struct RollupStatus {
  bool ready = false;
  double progress = 1;  // share of the tickets summed, by id
};
RollupStatus rollup_status(store::Database& db);

// All at once, for tools and tests: begins and fills every page; returns how many it read.
long long ensure_rollup(store::Database& db, const core::PolicySet& policies, const std::string& basis);

}  // namespace tongbao::statistics
