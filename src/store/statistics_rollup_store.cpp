#include "store/statistics_rollup_store.h"

#include <map>
#include <unordered_map>

#include "core/ticket_number.h"

namespace tongbao::store::statistics_rollup {
namespace {

std::int64_t i64(long long v) { return static_cast<std::int64_t>(v); }

// Sums are written many rows to a statement: a ticket touches dozens of rows (each ancestor, each
// grain) and filling the sums touches millions, so one round trip per row made PostgreSQL spend
// hours where SQLite spent minutes.
constexpr size_t kRowsPerStatement = 200;

std::string repeated(const std::string& one, size_t n, const char* separator) {
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    if (i) out += separator;
    out += one;
  }
  return out;
}

template <typename Map, typename Fn>
void in_chunks(const Map& map, Fn&& fn) {
  std::vector<typename Map::const_iterator> chunk;
  for (auto it = map.begin(); it != map.end(); ++it) {
    chunk.push_back(it);
    if (chunk.size() == kRowsPerStatement) {
      fn(chunk);
      chunk.clear();
    }
  }
  if (!chunk.empty()) fn(chunk);
}

std::vector<Value> key_values(const core::TimelinessKey& k) {
  return {i64(k.unit_id), i64(k.reviewer_unit_id), i64(k.drill ? 1 : 0), k.grain, k.period};
}

// A condition true for any of n cells' keys, given as parameters five by five. SQLite looks each
// up by its primary key from a list of ORs, but would scan for a row-value list; PostgreSQL plans
// 200 ORs slowly, and joins a typed VALUES list (its untyped parameters would compare as text).
std::string matching_any(const Transaction& tx, size_t n) {
  if (tx.dialect() == Dialect::sqlite)
    return repeated("(unit_id = ? AND reviewer_unit_id = ? AND drill = ? AND grain = ? AND period = ?)", n, " OR ");
  return "(unit_id, reviewer_unit_id, drill, grain, period) IN (VALUES " +
         repeated("(CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS TEXT))", n,
                  ", ") +
         ")";
}

core::TimelinessKey key_of(const Row& r) {
  return {r.integer(0), r.integer(1), r.integer(2) != 0, r.text(3), r.text(4)};
}

// SQLite: the statement of one row run for each of `rows` rows, whose values follow one another
// in `values`. A statement of many rows keeps a copy of every page it changes so that it can undo
// itself alone, and that copying was most of a filing group's sums; one cached statement a row
// needs none.
void row_by_row(Transaction& tx, const std::string& one_row, const std::vector<Value>& values, size_t rows) {
  const auto columns = static_cast<long>(values.size() / rows);
  for (long i = 0; i < static_cast<long>(rows); ++i)
    tx.execute_without_answer(one_row, {values.begin() + columns * i, values.begin() + columns * (i + 1)});
}

std::string upsert_of_cells(size_t rows) {
  return "INSERT INTO incident_timeliness (unit_id, reviewer_unit_id, drill, grain, period, incidents, late_reports, "
         "late_ms, raised, under_reported, support_requested, to_report, to_review, to_recovery, "
         "accepted_below_computed, entered_long_after) VALUES " +
         repeated("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows, ", ") +
         " ON CONFLICT (unit_id, reviewer_unit_id, drill, grain, period) DO UPDATE SET "
         "incidents = excluded.incidents, late_reports = excluded.late_reports, late_ms = excluded.late_ms, "
         "raised = excluded.raised, under_reported = excluded.under_reported, "
         "support_requested = excluded.support_requested, to_report = excluded.to_report, "
         "to_review = excluded.to_review, to_recovery = excluded.to_recovery, "
         "accepted_below_computed = excluded.accepted_below_computed, "
         "entered_long_after = excluded.entered_long_after";
}

void apply_cells(Transaction& tx, const std::map<core::TimelinessKey, core::TimelinessCell>& deltas) {
  in_chunks(deltas, [&](const auto& chunk) {
    // The stored cells of this chunk, read at once, merged with their changes in memory.
    std::vector<Value> keys;
    for (auto it : chunk) {
      auto k = key_values(it->first);
      keys.insert(keys.end(), k.begin(), k.end());
    }
    std::map<core::TimelinessKey, core::TimelinessCell> cells;
    for (const auto& r : tx.query(
             "SELECT unit_id, reviewer_unit_id, drill, grain, period, incidents, late_reports, late_ms, raised, "
             "under_reported, support_requested, to_report, to_review, to_recovery, accepted_below_computed, "
             "entered_long_after FROM incident_timeliness WHERE " + matching_any(tx, chunk.size()),
             keys)) {
      auto& cell = cells[key_of(r)];
      cell.incidents = r.integer(5);
      cell.late_reports = r.integer(6);
      cell.late_ms = r.integer(7);
      cell.raised = r.integer(8);
      cell.under_reported = r.integer(9);
      cell.support_requested = r.integer(10);
      cell.to_report.decode_add(r.text(11));
      cell.to_review.decode_add(r.text(12));
      cell.to_recovery.decode_add(r.text(13));
      cell.accepted_below_computed = r.integer(14);
      cell.entered_long_after = r.integer(15);
    }
    std::vector<Value> emptied, kept;
    size_t kept_rows = 0, emptied_rows = 0;
    for (auto it : chunk) {
      auto& cell = cells[it->first];
      cell.merge(it->second);
      cell.clamp_at_zero();
      auto values = key_values(it->first);
      if (cell.empty()) {
        emptied.insert(emptied.end(), values.begin(), values.end());
        ++emptied_rows;
        continue;
      }
      for (long long v : {cell.incidents, cell.late_reports, cell.late_ms, cell.raised, cell.under_reported,
                          cell.support_requested})
        values.emplace_back(i64(v));
      values.emplace_back(cell.to_report.encode());
      values.emplace_back(cell.to_review.encode());
      values.emplace_back(cell.to_recovery.encode());
      values.emplace_back(i64(cell.accepted_below_computed));
      values.emplace_back(i64(cell.entered_long_after));
      kept.insert(kept.end(), values.begin(), values.end());
      ++kept_rows;
    }
    if (emptied_rows)
      tx.execute_without_answer("DELETE FROM incident_timeliness WHERE " + matching_any(tx, emptied_rows), emptied);
    if (!kept_rows) return;
    if (tx.dialect() == Dialect::sqlite) {
      static const std::string one = upsert_of_cells(1);
      row_by_row(tx, one, kept, kept_rows);
      return;
    }
    tx.execute_without_answer(upsert_of_cells(kept_rows), kept);
  });
}

std::string upsert_of_counts(size_t rows) {
  return "INSERT INTO incident_counts (unit_id, drill, month, dimension, value, n) VALUES " +
         repeated("(?, ?, ?, ?, ?, ?)", rows, ", ") +
         " ON CONFLICT (unit_id, drill, month, dimension, value) DO UPDATE SET n = incident_counts.n + excluded.n";
}

void add_counts(Transaction& tx, const std::map<core::CountKey, long long>& deltas) {
  in_chunks(deltas, [&](const auto& chunk) {
    std::vector<Value> values;
    bool lowers = false;
    for (auto it : chunk) {
      const auto& k = it->first;
      for (Value v : std::vector<Value>{i64(k.unit_id), i64(k.drill ? 1 : 0), k.month, k.dimension, k.value,
                                        i64(it->second)})
        values.push_back(std::move(v));
      lowers = lowers || it->second < 0;
    }
    // Only a sum that went down can have reached none; a filing only adds (and RETURNING cost a
    // filing's sums nearly half again).
    if (!lowers && tx.dialect() == Dialect::sqlite) {
      static const std::string one = upsert_of_counts(1);
      row_by_row(tx, one, values, chunk.size());
      return;
    }
    const std::string upsert = upsert_of_counts(chunk.size());
    if (!lowers) {
      tx.execute_without_answer(upsert, values);
      return;
    }
    for (const auto& r : tx.query(upsert + " RETURNING unit_id, drill, month, dimension, value, n", values))
      if (r.integer(5) <= 0)  // never below none
        tx.execute("DELETE FROM incident_counts WHERE unit_id = ? AND drill = ? AND month = ? AND dimension = ? "
                   "AND value = ?",
                   {i64(r.integer(0)), i64(r.integer(1)), r.text(2), r.text(3), r.text(4)});
  });
}

// The changes of a transaction's writes, added up by ticket until its commit.
class SumsAtCommit : public DeferredWork {
 public:
  std::map<long long, core::StatisticsRollup> by_ticket;
  void add(long long ticket_id, core::StatisticsRollup delta) {
    auto [at, fresh] = by_ticket.try_emplace(ticket_id, std::move(delta));
    if (!fresh) at->second.merge(delta);
  }
  void absorb(DeferredWork& other) override {
    for (auto& [id, delta] : static_cast<SumsAtCommit&>(other).by_ticket) add(id, std::move(delta));
  }
  void write(Transaction& tx) override {
    const auto progress = fill_progress(tx);
    core::StatisticsRollup sums;
    for (const auto& [id, delta] : by_ticket)
      if (!progress || id <= progress->after_id) sums.merge(delta);
    apply(tx, sums);
  }
};

}  // namespace

void apply(Transaction& tx, const core::StatisticsRollup& delta) {
  add_counts(tx, delta.counts);
  apply_cells(tx, delta.timeliness);
}

void add_at_commit(Transaction& tx, long long ticket_id, core::StatisticsRollup delta) {
  tx.deferred().of<SumsAtCommit>().add(ticket_id, std::move(delta));
}

void move_subtree(Transaction& tx, long long unit_id, const std::string& old_path, const std::string& new_path) {
  tx.deferred().settle(tx);  // the unit's rows as they stand, its own tickets' changes included
  auto old_ancestors = core::ids_on_path(old_path), new_ancestors = core::ids_on_path(new_path);
  old_ancestors.pop_back();  // the unit itself keeps its rows
  new_ancestors.pop_back();
  const auto rows = tx.query("SELECT drill, month, dimension, value, n FROM incident_counts WHERE unit_id = ?",
                             {i64(unit_id)});
  std::map<core::CountKey, long long> moved;
  for (const auto& r : rows) {
    for (long long a : old_ancestors) moved[{a, r.integer(0) != 0, r.text(1), r.text(2), r.text(3)}] -= r.integer(4);
    for (long long a : new_ancestors) moved[{a, r.integer(0) != 0, r.text(1), r.text(2), r.text(3)}] += r.integer(4);
  }
  add_counts(tx, moved);
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
  tx.deferred().settle(tx);  // the changes left so far, judged by the progress they were made under
  tx.execute("INSERT INTO statistics_state (name, value) VALUES ('rollup_progress', ?) "
             "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
             {std::to_string(p.after_id) + " " + p.basis});
}

void clear_fill_progress(Transaction& tx) {
  tx.deferred().settle(tx);  // the changes left so far, judged by the progress they were made under
  tx.execute("DELETE FROM statistics_state WHERE name = 'rollup_progress'");
}

long long last_ticket_id(Transaction& tx) {
  return tx.query_one("SELECT COALESCE(MAX(id), 0) FROM incidents")->integer(0);
}

void clear(Transaction& tx) {
  tx.deferred().settle(tx);  // else changes left for the commit would land on the cleared sums
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
