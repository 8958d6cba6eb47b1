#include "store/statistics_rollup_store.h"

#include <unordered_map>

#include "core/ticket_number.h"

namespace tongbao::store::statistics_rollup {
namespace {

std::int64_t i64(long long v) { return static_cast<std::int64_t>(v); }

void apply_cell(Transaction& tx, const core::TimelinessKey& k, const core::TimelinessCell& delta) {
  const std::vector<Value> key{i64(k.unit_id), i64(k.reviewer_unit_id), i64(k.drill ? 1 : 0), k.grain, k.period};
  core::TimelinessCell cell;
  if (auto r = tx.query_one(
          "SELECT incidents, late_reports, late_ms, raised, under_reported, support_requested, to_report, "
          "to_review, to_recovery, accepted_below_computed, entered_long_after FROM incident_timeliness "
          "WHERE unit_id = ? AND reviewer_unit_id = ? AND drill = ? AND grain = ? AND period = ?",
          key)) {
    cell.incidents = r->integer(0);
    cell.late_reports = r->integer(1);
    cell.late_ms = r->integer(2);
    cell.raised = r->integer(3);
    cell.under_reported = r->integer(4);
    cell.support_requested = r->integer(5);
    cell.to_report.decode_add(r->text(6));
    cell.to_review.decode_add(r->text(7));
    cell.to_recovery.decode_add(r->text(8));
    cell.accepted_below_computed = r->integer(9);
    cell.entered_long_after = r->integer(10);
  }
  cell.merge(delta);
  cell.clamp_at_zero();
  if (cell.empty()) {
    tx.execute("DELETE FROM incident_timeliness "
               "WHERE unit_id = ? AND reviewer_unit_id = ? AND drill = ? AND grain = ? AND period = ?",
               key);
    return;
  }
  auto values = key;
  for (long long v : {cell.incidents, cell.late_reports, cell.late_ms, cell.raised, cell.under_reported,
                      cell.support_requested})
    values.emplace_back(i64(v));
  values.emplace_back(cell.to_report.encode());
  values.emplace_back(cell.to_review.encode());
  values.emplace_back(cell.to_recovery.encode());
  values.emplace_back(i64(cell.accepted_below_computed));
  values.emplace_back(i64(cell.entered_long_after));
  tx.execute(
      "INSERT INTO incident_timeliness (unit_id, reviewer_unit_id, drill, grain, period, incidents, late_reports, "
      "late_ms, raised, under_reported, support_requested, to_report, to_review, to_recovery, "
      "accepted_below_computed, entered_long_after) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (unit_id, reviewer_unit_id, drill, grain, period) DO UPDATE SET incidents = excluded.incidents, "
      "late_reports = excluded.late_reports, late_ms = excluded.late_ms, raised = excluded.raised, "
      "under_reported = excluded.under_reported, support_requested = excluded.support_requested, "
      "to_report = excluded.to_report, to_review = excluded.to_review, to_recovery = excluded.to_recovery, "
      "accepted_below_computed = excluded.accepted_below_computed, entered_long_after = excluded.entered_long_after",
      values);
}

void add_count(Transaction& tx, long long unit_id, bool drill, const std::string& month, const std::string& dimension,
               const std::string& value, long long n) {
  std::vector<Value> key{i64(unit_id), i64(drill ? 1 : 0), month, dimension, value};
  auto values = key;
  values.emplace_back(i64(n));
  auto total = tx.query_one(
      "INSERT INTO incident_counts (unit_id, drill, month, dimension, value, n) VALUES (?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (unit_id, drill, month, dimension, value) DO UPDATE SET n = incident_counts.n + excluded.n "
      "RETURNING n",
      values);
  if (total && total->integer(0) <= 0)  // never below none
    tx.execute("DELETE FROM incident_counts WHERE unit_id = ? AND drill = ? AND month = ? AND dimension = ? AND value = ?",
               key);
}

}  // namespace

void apply(Transaction& tx, const core::StatisticsRollup& delta) {
  for (const auto& [k, n] : delta.counts) add_count(tx, k.unit_id, k.drill, k.month, k.dimension, k.value, n);
  for (const auto& [k, cell] : delta.timeliness) apply_cell(tx, k, cell);
}

void move_subtree(Transaction& tx, long long unit_id, const std::string& old_path, const std::string& new_path) {
  auto old_ancestors = core::ids_on_path(old_path), new_ancestors = core::ids_on_path(new_path);
  old_ancestors.pop_back();  // the unit itself keeps its rows
  new_ancestors.pop_back();
  const auto rows = tx.query("SELECT drill, month, dimension, value, n FROM incident_counts WHERE unit_id = ?",
                             {i64(unit_id)});
  for (const auto& r : rows) {
    for (long long a : old_ancestors) add_count(tx, a, r.integer(0) != 0, r.text(1), r.text(2), r.text(3), -r.integer(4));
    for (long long a : new_ancestors) add_count(tx, a, r.integer(0) != 0, r.text(1), r.text(2), r.text(3), r.integer(4));
  }
}

std::optional<std::string> basis(Transaction& tx) {
  auto r = tx.query_one("SELECT value FROM statistics_state WHERE name = 'rollup_basis'");
  return r ? std::optional(r->text(0)) : std::nullopt;
}

void set_basis(Transaction& tx, const std::string& basis) {
  tx.execute("INSERT INTO statistics_state (name, value) VALUES ('rollup_basis', ?) "
             "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
             {basis});
}

std::optional<FillProgress> fill_progress(Transaction& tx) {
  auto r = tx.query_one("SELECT value FROM statistics_state WHERE name = 'rollup_progress'");
  if (!r) return std::nullopt;
  const auto value = r->text(0);  // "<after_id> <basis>"
  const auto space = value.find(' ');
  if (space == std::string::npos) return std::nullopt;
  return FillProgress{value.substr(space + 1), std::stoll(value.substr(0, space))};
}

void set_fill_progress(Transaction& tx, const FillProgress& p) {
  tx.execute("INSERT INTO statistics_state (name, value) VALUES ('rollup_progress', ?) "
             "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
             {std::to_string(p.after_id) + " " + p.basis});
}

void clear_fill_progress(Transaction& tx) { tx.execute("DELETE FROM statistics_state WHERE name = 'rollup_progress'"); }

long long last_ticket_id(Transaction& tx) {
  return tx.query_one("SELECT COALESCE(MAX(id), 0) FROM incidents")->integer(0);
}

void clear(Transaction& tx) {
  tx.execute("DELETE FROM incident_counts");
  tx.execute("DELETE FROM incident_timeliness");
  tx.execute("DELETE FROM statistics_state WHERE name = 'rollup_basis'");
}

void each_ticket(Transaction& tx, const TicketQuery& q, const std::function<void(TicketRow&)>& fn) {
  // Pages walk the whole table: a page filtered afterwards could come back empty before the end.
  if (q.page && q.within_path) throw StoreError("each_ticket: pages read every unit's tickets");
  // The units once, not joined to every ticket: a period's tickets are many, the units few.
  struct UnitInfo {
    std::string path;
    core::UnitKind kind;
  };
  std::unordered_map<long long, UnitInfo> units;
  std::vector<Value> up;
  std::string usql = "SELECT id, path, kind FROM units";
  if (q.within_path) usql += " WHERE path LIKE ?", up.emplace_back(*q.within_path + "%");
  tx.each(usql, up, [&](const RowView& r) {
    units[r.integer(0)] = {r.text(1), core::parse_unit_kind(r.text_view(2)).value_or(core::UnitKind::other)};
  });

  std::vector<Value> p;
  std::string sql =
      "SELECT i.id, i.unit_id, i.reviewer_unit_id, i.state = 'draft', i.drill, i.type, i.subcategory, i.level, "
      "i.chosen_level, i.computed_level, i.aware_at, i.reported_at, i.reviewed_at, i.resolved_at, i.support_needed, "
      "i.accepted_below_computed, i.entered_long_after FROM incidents i WHERE 1 = 1";
  if (q.aware_from) sql += " AND i.aware_at >= ?", p.emplace_back(*q.aware_from);
  if (q.aware_to) sql += " AND i.aware_at < ?", p.emplace_back(*q.aware_to);
  if (q.within_path && units.size() <= 1000) {
    // A small subtree: only its tickets leave the database.
    sql += " AND i.unit_id IN (";
    bool first = true;
    for (const auto& [id, unit] : units) {
      sql += first ? "?" : ", ?";
      first = false;
      p.emplace_back(i64(id));
    }
    sql += ")";
  }
  if (q.page) {
    // In pages of ids; a period alone reads by the index on the time of awareness.
    sql += " AND i.id > ? ORDER BY i.id LIMIT ?";
    p.emplace_back(i64(q.after_id));
    p.emplace_back(i64(q.limit));
  }
  TicketRow t;  // one row filled in place for every ticket: its strings keep their buffers
  auto& f = t.figures;
  tx.each(sql, p, [&](const RowView& r) {
    auto unit = units.find(r.integer(1));
    if (unit == units.end()) return;  // outside the subtree asked for
    t.id = r.integer(0);
    f.unit_id = r.integer(1);
    f.unit_path.assign(unit->second.path);
    t.unit_kind = unit->second.kind;
    f.reviewer_unit_id = r.optional_integer(2).value_or(0);
    f.draft = r.integer(3) != 0;
    f.drill = r.integer(4) != 0;
    f.type.assign(r.text_view(5));
    f.subcategory.assign(r.text_view(6));
    f.level = static_cast<int>(r.integer(7));
    f.chosen_level = static_cast<int>(r.integer(8));
    f.computed_level = static_cast<int>(r.integer(9));
    f.aware_at = r.optional_integer(10);
    f.reported_at = r.optional_integer(11);
    f.reviewed_at = r.optional_integer(12);
    f.resolved_at = r.optional_integer(13);
    f.support_needed = r.integer(14) != 0;
    f.accepted_below_computed = r.integer(15) != 0;
    f.entered_long_after = r.integer(16) != 0;
    f.report_late_by.reset();
    fn(t);
  });
}

std::optional<core::MonthSpan> months_with_tickets(Transaction& tx) {
  // Two queries: SQLite reads a lone MIN or MAX from the end of the index, not both at once.
  auto first = tx.query_one("SELECT MIN(aware_at) FROM incidents");
  auto last = tx.query_one("SELECT MAX(aware_at) FROM incidents");
  if (!first || first->is_null(0) || !last || last->is_null(0)) return std::nullopt;
  return core::MonthSpan{core::taipei_year_month(first->integer(0)),
                         core::next_month(core::taipei_year_month(last->integer(0)))};
}

void read_counts(Transaction& tx, const std::vector<long long>& roots, bool drill, const MonthRange& months,
                 const std::function<void(const std::string&, const std::string&, const std::string&, long long)>& row) {
  for (long long root : roots)
    for (const auto& r : tx.query("SELECT month, dimension, value, n FROM incident_counts "
                                  "WHERE unit_id = ? AND drill = ? AND month >= ? AND month < ?",
                                  {i64(root), i64(drill ? 1 : 0), months.from, months.to}))
      row(r.text(0), r.text(1), r.text(2), r.integer(3));
}

long long read_total(Transaction& tx, long long unit_id, bool drill, const MonthRange& months) {
  return tx.query_one("SELECT COALESCE(SUM(n), 0) FROM incident_counts WHERE unit_id = ? AND drill = ? AND "
                      "month >= ? AND month < ? AND dimension = 'type'",
                      {i64(unit_id), i64(drill ? 1 : 0), months.from, months.to})
      ->integer(0);
}

void read_timeliness(Transaction& tx, const std::string& within_path, bool drill, const std::string& grain,
                     const std::string& from, const std::string& to, const std::function<void(const TimelinessRow&)>& row) {
  tx.each("SELECT t.unit_id, t.reviewer_unit_id, t.incidents, t.late_reports, t.late_ms, t.raised, t.under_reported, "
          "t.support_requested, t.to_report, t.to_review, t.to_recovery, t.accepted_below_computed, "
          "t.entered_long_after FROM incident_timeliness t "
          "JOIN units u ON u.id = t.unit_id "
          "WHERE u.path LIKE ? AND t.drill = ? AND t.grain = ? AND t.period >= ? AND (t.period < ? OR t.period = ?)",
          {within_path + "%", i64(drill ? 1 : 0), grain, from, to, from == to ? from : std::string()},
          [&](const RowView& r) {
            row({r.integer(0), r.integer(1), r.integer(2), r.integer(3), r.integer(4), r.integer(5), r.integer(6),
                 r.integer(7), r.text_view(8), r.text_view(9), r.text_view(10), r.integer(11), r.integer(12)});
          });
}

}  // namespace tongbao::store::statistics_rollup
