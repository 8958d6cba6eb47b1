#pragma once
// The pre-aggregated statistics in the database (see core/statistics_rollup.h).
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/statistics_rollup.h"
#include "core/unit.h"
#include "store/database.h"

namespace tongbao::store::statistics_rollup {

// Adds a change (sums of old figures taken away and new ones added) to the stored sums now.
void apply(Transaction& tx, const core::StatisticsRollup& delta);
// Adds a change of one ticket at the end of the write's transaction, together with the changes of
// the writes that share its commit: the county's and the CERT's rows are written once for all of
// them. While the sums are being filled, a ticket the filling has not reached is left to it (the
// progress read once then, not once a change).
void add_at_commit(Transaction& tx, long long ticket_id, core::StatisticsRollup delta);

// A unit moved in the tree: its subtree's counts leave its old ancestors and join the new ones.
void move_subtree(Transaction& tx, long long unit_id, const std::string& old_path, const std::string& new_path);

// What the sums were filled under (the policy profiles judging lateness), once they hold every
// ticket; nothing before that.
std::optional<std::string> basis(Transaction& tx);
void set_basis(Transaction& tx, const std::string& basis);
void clear(Transaction& tx);
// While the sums are being filled: the basis they are filled under and the last ticket id summed.
// Ticket changes of later ids are left to the filling; earlier ones change the sums as usual.
// Setting or clearing it first writes the changes left for the commit, judged by the progress
// they were made under.
struct FillProgress {
  std::string basis;
  long long after_id = 0;
};
std::optional<FillProgress> fill_progress(Transaction& tx);
void set_fill_progress(Transaction& tx, const FillProgress& progress);
void clear_fill_progress(Transaction& tx);
long long last_ticket_id(Transaction& tx);

// A ticket's statistical columns with its unit's path and kind, as read for a rebuild or for the
// partial months of a period.
struct TicketRow {
  long long id = 0;
  core::TicketFigures figures;  // report_late_by not yet filled: it needs the policy profile
  core::UnitKind unit_kind = core::UnitKind::other;
};
struct TicketQuery {
  std::optional<core::TimeMs> aware_from, aware_to;  // [from, to)
  std::optional<std::string> within_path;
  bool page = false;  // ids above after_id, at most limit of them, in order (not with within_path)
  long long after_id = 0;
  int limit = 50'000;
};
// Calls fn with each ticket as it is read (periods of millions of tickets are never held at once);
// the row is only valid during the call.
void each_ticket(Transaction& tx, const TicketQuery& q, const std::function<void(TicketRow&)>& fn);

// The months from the first time of awareness of any ticket to the last (drafts and drills too);
// nothing when there are no tickets.
std::optional<core::MonthSpan> months_with_tickets(Transaction& tx);

// Months are "YYYYMM"; [from, to).
struct MonthRange {
  std::string from = "000000", to = "999999";
};
// Count rows of these subtree roots, summed over the roots: (month, dimension, value) -> n.
void read_counts(Transaction& tx, const std::vector<long long>& roots, bool drill, const MonthRange& months,
                 const std::function<void(const std::string& month, const std::string& dimension,
                                          const std::string& value, long long n)>& row);
// Subtree totals of each unit, summed over the months.
long long read_total(Transaction& tx, long long unit_id, bool drill, const MonthRange& months);
struct TimelinessRow {
  long long unit_id, reviewer_unit_id;
  long long incidents, late_reports, late_ms, raised, under_reported, support_requested;
  std::string_view to_report, to_review, to_recovery;  // encoded histograms, valid during the call
  long long accepted_below_computed, entered_long_after;
};
// Timeliness rows of reporting units under `within_path`, of one grain ("month", "year", "all"), with
// periods in [from, to), or exactly `from` when to == from.
void read_timeliness(Transaction& tx, const std::string& within_path, bool drill, const std::string& grain,
                     const std::string& from, const std::string& to,
                     const std::function<void(const TimelinessRow&)>& row);

}  // namespace tongbao::store::statistics_rollup
