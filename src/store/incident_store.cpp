#include "store/incident_store.h"

#include <algorithm>
#include <array>

#include "core/incident_checks.h"
#include "core/ticket_number.h"
#include "core/ticket_search.h"
#include "core/utf8.h"
#include "core/incident_json.h"
#include "store/parsed_documents.h"
#include "store/query_plan.h"
#include "store/ticket_serials.h"

namespace tongbao::store::incidents {
namespace {

std::int64_t i64(long long v) { return static_cast<std::int64_t>(v); }
Value opt(const std::optional<core::TimeMs>& t) { return t ? Value(*t) : Value(nullptr); }
Value opt_text(const std::optional<std::string>& s) { return s ? Value(*s) : Value(nullptr); }

constexpr const char* kColumns =
    "id, number, unit_id, reviewer_unit_id, state, drill, level, report_json, response_json, notification_json, "
    "referral_json, support_taken_by, support_taken_at, created_at, updated_at, reported_at, responded_at, closed_at, "
    "created_by, (SELECT MIN(x.moment) FROM (SELECT a.uploaded_at AS moment FROM attachments a WHERE a.incident_id = incidents.id "
    "AND a.kind = 'investigation_report' UNION ALL SELECT r.first_submitted_at FROM improvement_reports r "
    "WHERE r.incident_id = incidents.id) x), reviewed_at, filed_at, approved_at, below_computed_reason, parent_id";
// The columns of kColumns: its commas outside parentheses, and one.
constexpr int count_columns(const char* sql) {
  int count = 1, depth = 0;
  for (const char* c = sql; *c; ++c) {
    if (*c == '(') ++depth;
    else if (*c == ')') --depth;
    else if (*c == ',' && depth == 0) ++count;
  }
  return count;
}
constexpr int kColumnCount = count_columns(kColumns);
static_assert(kColumnCount == 25, "from_row reads 25 columns: change both together");

// A few MiB of report text per generation: the tickets being worked on, and a page or two of lists.
ParsedDocuments<core::IncidentReport> parsed_reports(&core::report_from_stored, 4 << 20);
ParsedDocuments<core::IncidentResponse> parsed_responses(&core::response_from_stored, 2 << 20);

core::Incident from_row(const Row& r) {
  core::Incident t;
  t.id = r.integer(0);
  t.number = r.text(1);
  t.unit_id = r.integer(2);
  t.reviewer_unit_id = r.optional_integer(3).value_or(0);
  t.state = core::parse_incident_state(r.text(4)).value_or(core::IncidentState::draft);
  t.drill = r.integer(5) != 0;
  t.level = static_cast<int>(r.integer(6));
  t.report = parsed_reports.get(r.text(7));
  if (auto s = r.optional_text(8)) t.response = parsed_responses.get(*s);
  if (auto s = r.optional_text(9)) t.notification = core::notification_from_stored(*s);
  if (auto s = r.optional_text(10)) t.referral = core::referral_from_stored(*s);
  t.support_taken_by = r.text(11);
  t.support_taken_at = r.optional_integer(12);
  t.created_at = r.integer(13);
  t.updated_at = r.integer(14);
  t.reported_at = r.optional_integer(15);
  t.responded_at = r.optional_integer(16);
  t.closed_at = r.optional_integer(17);
  t.created_by = r.text(18);
  t.investigation_report_at = r.optional_integer(19);
  t.has_investigation_report = t.investigation_report_at.has_value();
  t.reviewed_at = r.optional_integer(20);
  t.filed_at = r.optional_integer(21);
  t.approved_at = r.optional_integer(22);
  t.below_computed_reason = r.optional_text(23).value_or("");
  t.parent_id = r.optional_integer(24);
  return t;
}

// The columns of row_values, in its order.
constexpr std::array<const char*, 38> kRowColumns = {
    "number", "unit_id", "reviewer_unit_id", "type", "subcategory", "state", "drill", "level", "chosen_level",
    "computed_level", "aware_at", "occurred_at", "reported_at", "responded_at", "resolved_at", "closed_at",
    "support_needed", "support_taken_by", "support_taken_at", "personal_data", "law_enforcement", "report_json",
    "response_json", "notification_json", "referral_json", "created_by", "created_at", "updated_at", "reviewed_at",
    "aware_month", "filed_at", "approved_at", "below_computed_reason", "accepted_below_computed",
    "entered_long_after", "parent_id", "late_from", "overdue_from"};

std::string joined_columns() {
  std::string out;
  for (const char* c : kRowColumns) out += std::string(out.empty() ? "" : ", ") + c;
  return out;
}

std::vector<Value> row_values(const core::Incident& t, int computed_level, const core::LatenessMarks& marks) {
  return {t.number.empty() ? Value(nullptr) : Value(t.number),
          i64(t.unit_id),
          t.reviewer_unit_id ? Value(i64(t.reviewer_unit_id)) : Value(nullptr),
          std::string(core::to_string(t.report.type)),
          t.report.subcategory,
          std::string(core::to_string(t.state)),
          i64(t.drill ? 1 : 0),
          i64(t.level),
          i64(t.report.chosen_level),
          i64(computed_level),
          t.report.aware_at ? Value(t.report.aware_at) : Value(nullptr),
          opt(t.report.occurred_at),
          opt(t.reported_at),
          opt(t.responded_at),
          t.response ? opt(t.response->resolved_at) : Value(nullptr),
          opt(t.closed_at),
          i64(t.report.support.needed ? 1 : 0),
          t.support_taken_by.empty() ? Value(nullptr) : Value(t.support_taken_by),
          opt(t.support_taken_at),
          i64(t.report.personal_data ? 1 : 0),
          i64(t.report.law_enforcement ? 1 : 0),
          core::json_text(t.report),
          t.response ? Value(core::json_text(*t.response)) : Value(nullptr),
          t.notification ? Value(core::json_text(*t.notification)) : Value(nullptr),
          t.referral ? Value(core::json_text(*t.referral)) : Value(nullptr),
          t.created_by,
          t.created_at,
          t.updated_at,
          opt(t.reviewed_at),
          t.report.aware_at ? Value(core::taipei_year_month(t.report.aware_at)) : Value(nullptr),
          opt(t.filed_at),
          opt(t.approved_at),
          t.below_computed_reason.empty() ? Value(nullptr) : Value(t.below_computed_reason),
          i64(core::accepted_below_computed(t, computed_level) ? 1 : 0),
          i64(core::times_entered_long_after(t).empty() ? 0 : 1),
          t.parent_id ? Value(i64(*t.parent_id)) : Value(nullptr),
          opt(marks.late_from),
          opt(marks.overdue_from)};
}

bool only_open_states(const std::vector<std::string>& states) {
  for (const auto& s : states)
    if (s == "closed" || s == "discarded") return false;
  return !states.empty();
}

// SQLite plans without statistics (a sample of a million tickets misleads it more than none), so
// the query says which index answers a list newest first: the unit index for one unit or a
// subtree of a few, or a county's narrowed by type, level or drill (a school's few tickets, then
// sorted; that index holds each ticket's state and those three, while the state index would walk
// every open ticket in the country to find a school's two),
// the state index for open tickets only (a small share of all), and otherwise none, so that
// tickets are read newest first by id and the page ends the walk. A unary "+" keeps SQLite from
// an index; PostgreSQL keeps its own statistics.
struct IndexChoice {
  bool unit = true, state = true;
  // The index of drills, named: SQLite would otherwise count a list of drills by reading all of
  // the wider unit index, which holds the drill flag too.
  bool drills = false;
  // The subtree's paths as a range of the path index, [from, to), on SQLite (whose text order
  // is by bytes); PostgreSQL's collation may order '/' elsewhere, so it matches by LIKE.
  std::optional<std::pair<std::string, std::string>> path_range;
};
IndexChoice choose_indexes(Transaction& tx, const Filter& f, bool counting = false) {
  IndexChoice c;
  if (tx.dialect() != Dialect::sqlite) {
    // Prepared statements drift to a generic plan, which cannot see which subtree or page is
    // asked for (a county's export then read all its tickets for every page): plan each list
    // for its own parameters.
    tx.execute("SET LOCAL plan_cache_mode = force_custom_plan", {});
    return c;
  }
  // Overdue tickets (a deadline not yet met and past) are few, and their index holds them alone.
  c.state = only_open_states(f.states) && !f.overdue_at;
  if (f.within_path) {
    // A subtree of a few units is read unit by unit. So is a county's (a few hundred schools, one
    // ticket in twenty of the country's) when a filter the unit index holds narrows it: walking the
    // country newest first would pass twenty tickets for each of its own, and all of them for the
    // total when it has few matches.
    constexpr long long kFewUnits = 16, kCountyUnits = 400;
    // Late tickets are most tickets: a page of a county's history walks the index of late ones
    // newest first, and ends soon; its total, read there, would pass twenty of the country's for
    // each of the county's, and is counted from the unit index, which holds when each becomes late.
    const bool late_history = f.late_at && !f.overdue_at && !only_open_states(f.states);
    const bool narrowed = f.type || f.drill || f.level || (counting && late_history);
    // The subtree's paths lie in [path, path with its last '/' raised to '0'): a range the path
    // index answers, where LIKE would read every unit's path.
    const auto& from = *f.within_path;
    const auto to = from.empty() ? std::string() : from.substr(0, from.size() - 1) + '0';
    const auto units = tx.query_one("SELECT COUNT(*) FROM (SELECT 1 FROM units WHERE path >= ? AND path < ? LIMIT ?) AS few",
                                    {from, to, i64((narrowed ? kCountyUnits : kFewUnits) + 1)})
                           ->integer(0);
    c.unit = !from.empty() && (units <= kFewUnits || (narrowed && units <= kCountyUnits));
    if (!from.empty()) c.path_range.emplace(from, to);
  }
  if (f.unit_id || (f.within_path && c.unit)) c.state = false;
  c.drills = f.drill && *f.drill && !f.unit_id && !(f.within_path && c.unit);
  return c;
}

// The tickets below this id have their characters and pairs written (core::search_pairs); later
// ones are matched against their text until the background writer reaches them.
long long pairs_written_below(Transaction& tx) {
  return tx.query_one("SELECT next_id FROM ticket_pairs_progress")->integer(0);
}

// How a list's search terms are matched.
enum class Terms {
  by_index,  // tickets among the search index's matches (PostgreSQL: its planner weighs them)
  each_row,  // each ticket's own text, read by its id: for a few tickets (a school's, the open ones)
  left_out,  // not here: a driving query gives the matches (see search_source)
};

// Every term matched against the ticket's text, read by its id. One read of the text for all
// terms: FTS5 would take a LIKE in the subquery's WHERE as a search of its whole index.
std::string each_row_terms(const std::vector<std::string>& terms, std::vector<Value>& p) {
  std::string w = " AND (SELECT ";
  for (size_t k = 0; k < terms.size(); ++k) {
    w += k ? " AND body LIKE ?" : "body LIKE ?";
    p.emplace_back("%" + terms[k] + "%");
  }
  return w + " FROM ticket_search WHERE rowid = i.id) = 1";
}

std::string where(const IndexChoice& use, const Filter& f, std::vector<Value>& p, Terms terms,
                  std::optional<long long> pairs_below) {
  std::string w = " WHERE 1=1";
  // The subtree as the ids of its units, not a join on every ticket's unit path.
  if (f.within_path) {
    w += use.unit ? " AND i.unit_id IN " : " AND +i.unit_id IN ";
    if (use.path_range) {
      w += "(SELECT id FROM units WHERE path >= ? AND path < ?)";
      p.emplace_back(use.path_range->first);
      p.emplace_back(use.path_range->second);
    } else {
      w += "(SELECT id FROM units WHERE path LIKE ?)";
      p.emplace_back(*f.within_path + "%");
    }
  }
  if (f.before_id) w += " AND i.id < ?", p.emplace_back(i64(*f.before_id));
  if (f.from_id) w += " AND i.id >= ?", p.emplace_back(i64(*f.from_id));
  if (f.unit_id) w += (use.unit ? " AND i.unit_id = ?" : " AND +i.unit_id = ?"), p.emplace_back(i64(*f.unit_id));
  if (f.reviewer_unit_id) w += " AND i.reviewer_unit_id = ?", p.emplace_back(i64(*f.reviewer_unit_id));
  if (!f.states.empty()) {
    w += use.state ? " AND i.state IN (" : " AND +i.state IN (";
    for (size_t k = 0; k < f.states.size(); ++k) {
      w += k ? ", ?" : "?";
      p.emplace_back(f.states[k]);
    }
    w += ")";
  }
  if (f.type) w += " AND i.type = ?", p.emplace_back(*f.type);
  if (f.subcategory) w += " AND i.subcategory = ?", p.emplace_back(*f.subcategory);
  if (f.number) w += " AND i.number = ?", p.emplace_back(*f.number);
  if (f.level) w += " AND i.level = ?", p.emplace_back(i64(*f.level));
  // Written out, not bound: only then may SQLite read the index of drills (drill = 1).
  if (f.drill) w += *f.drill ? " AND i.drill = 1" : " AND i.drill = 0";
  if (f.from) w += " AND i.aware_at >= ?", p.emplace_back(*f.from);
  if (f.to) w += " AND i.aware_at < ?", p.emplace_back(*f.to);
  if (f.support_open) w += " AND i.support_needed = 1 AND i.support_taken_by IS NULL";
  if (f.late_at) w += " AND i.late_from <= ?", p.emplace_back(*f.late_at);
  if (f.overdue_at) w += " AND i.overdue_from <= ?", p.emplace_back(*f.overdue_at);
  if (f.text_terms.empty() || terms == Terms::left_out) return w;
  if (terms == Terms::each_row) return w + each_row_terms(f.text_terms, p);
  // A trigram index answers terms of three characters or more, the pairs (PostgreSQL, `pairs_below`
  // given) shorter ones of letters, digits and Chinese for the tickets they were written for.
  // Others are matched against the text itself: `body || ''` is not a column the index can take,
  // which also keeps SQLite 3.40's FTS5 from its wrong answers (and, for two such terms together,
  // a crash) on patterns shorter than a trigram.
  w += " AND i.id IN (SELECT rowid FROM ticket_search WHERE 1 = 1";
  std::string pairs, unwritten;
  std::vector<Value> unwritten_params;
  for (const auto& term : f.text_terms) {
    if (core::utf8_length(term) >= 3) {
      w += " AND body LIKE ?";
    } else if (pairs_below && core::answered_by_pairs(term)) {
      pairs += (pairs.empty() ? "" : " ") + term;
      unwritten += " AND (body || '') LIKE ?";
      unwritten_params.emplace_back("%" + term + "%");
      continue;
    } else {
      w += " AND (body || '') LIKE ?";
    }
    p.emplace_back("%" + term + "%");
  }
  if (!pairs.empty()) {
    w += " AND ((rowid < ? AND pairs @> string_to_array(?, ' ')) OR (rowid >= ?" + unwritten + "))";
    p.emplace_back(i64(*pairs_below));
    p.emplace_back(pairs);
    p.emplace_back(i64(*pairs_below));
    p.insert(p.end(), unwritten_params.begin(), unwritten_params.end());
  }
  return w + ")";
}

// The tickets a list reads and which of them it keeps: " FROM incidents i WHERE ...".
std::string from_where(Transaction& tx, const Filter& f, std::vector<Value>& p, bool counting = false) {
  std::optional<long long> pairs_below;
  if (tx.dialect() == Dialect::postgresql && !f.text_terms.empty()) pairs_below = pairs_written_below(tx);
  const auto use = choose_indexes(tx, f, counting);
  return std::string(use.drills ? " FROM incidents i INDEXED BY incidents_drills" : " FROM incidents i") +
         where(use, f, p, Terms::by_index, pairs_below);
}

// On SQLite, the matches of a search from its index, newest first, as a query of their ids, with
// the terms it leaves for each row to check: those of three characters or more from the trigram
// index; or else (all terms short) the tickets not yet in the pairs' index by their text, then
// the others from that index. None when no index can answer.
struct SearchSource {
  std::string newest_first, any_order;  // a page walks newest first; a total in the index's order
  std::vector<Value> params;
  std::vector<std::string> unchecked;
};

// A term as an FTS5 phrase: quoted, its own quotes doubled; nothing else in it has a meaning there.
std::string fts5_phrase(const std::string& term) {
  std::string phrase = "\"";
  for (char c : term) phrase += c == '"' ? std::string("\"\"") : std::string(1, c);
  return phrase + "\"";
}

// Only tickets below `before_id` when given (the next page of an export), so that a page starts
// where the last one ended rather than walking every match above it again.
std::optional<SearchSource> search_source(Transaction& tx, const std::vector<std::string>& terms,
                                          std::optional<long long> before_id) {
  SearchSource s;
  // Written out: a number the caller parsed, and FTS5 then seeks to it.
  const std::string under = before_id ? " AND rowid < " + std::to_string(*before_id) : "";
  // An ORDER BY in a subquery of a join is dropped unless it has a LIMIT (-1: none).
  auto both = [&](const std::string& select) {
    s.newest_first += select + " ORDER BY rowid DESC LIMIT -1";
    s.any_order += select;
  };
  std::vector<std::string> long_terms;
  for (const auto& term : terms) (core::utf8_length(term) >= 3 ? long_terms : s.unchecked).push_back(term);
  if (!long_terms.empty()) {
    // Each term as a phrase of its trigrams: in consecutive places, they are the term itself. FTS5
    // answers that from its index alone, where a LIKE has it read every candidate's text again
    // (a fifth of the time for a word in 11,111 tickets of a million). The index also folds the
    // case of letters beyond ASCII, which the stored text (lower-cased in ASCII) keeps.
    std::string phrases;
    for (const auto& term : long_terms) phrases += (phrases.empty() ? "" : " ") + fts5_phrase(term);
    both("SELECT rowid AS id FROM ticket_search WHERE ticket_search MATCH ?" + under);
    s.params.emplace_back(phrases);
    return s;
  }
  for (const auto& term : terms)
    if (!core::answered_by_pairs(term)) return std::nullopt;
  const long long below = pairs_written_below(tx);
  std::string unwritten = "SELECT rowid AS id FROM ticket_search WHERE rowid >= ?" + under, match;
  s.params.emplace_back(i64(below));
  for (const auto& term : terms) {
    unwritten += " AND (body || '') LIKE ?";
    s.params.emplace_back("%" + term + "%");
    match += (match.empty() ? "\"" : " AND \"") + term + "\"";
  }
  both("SELECT id FROM (" + unwritten);
  // One bound on the pairs' rowid, the lower of the two: FTS5 seeks to one and checks any other
  // row by row, so a second would walk every match between them (an export's later pages).
  both(") UNION ALL SELECT id FROM (SELECT rowid AS id FROM ticket_pairs WHERE ticket_pairs MATCH ? AND rowid < ?");
  s.newest_first += ")";
  s.any_order += ")";
  s.params.emplace_back(match);
  s.params.emplace_back(i64(before_id ? std::min(below, *before_id) : below));
  s.unchecked.clear();
  return s;
}

// Tickets of `f` among the source's matches, walked newest first through the index (CROSS JOIN
// keeps SQLite from turning the join round), so a page of a common word ends the walk early and a
// rare word reads only its few matches. The walk's order is the page's.
std::string driven_by(const SearchSource& s, const Filter& f, std::vector<Value>& p, bool newest_first = true,
                      const std::string& columns = "i.id") {
  p = s.params;
  auto g = f;
  g.text_terms = s.unchecked;
  IndexChoice none;
  none.unit = none.state = false;
  if (f.within_path && !f.within_path->empty()) {
    const auto& from = *f.within_path;
    none.path_range.emplace(from, from.substr(0, from.size() - 1) + '0');
  }
  return "SELECT " + columns + " FROM (" + (newest_first ? s.newest_first : s.any_order) + ") AS m CROSS JOIN incidents i" +
         where(none, g, p, Terms::each_row, std::nullopt) + " AND i.id = m.id";
}

// Whether the source has so few matches in the whole country (a name, an address, a rare word)
// that walking them all costs less than checking the text of every open ticket in the subtree.
bool rare(Transaction& tx, const SearchSource& s) {
  constexpr long long kRare = 500;
  auto p = s.params;
  p.emplace_back(i64(kRare + 1));
  return tx.query_one("SELECT COUNT(*) FROM (SELECT id FROM (" + s.any_order + ") AS m LIMIT ?) AS few", p)->integer(0) <=
         kRare;
}

// One unit, or a subtree of a few: their tickets are few, each checked against the terms.
bool few_tickets(const IndexChoice& use, const Filter& f) { return f.unit_id || (f.within_path && use.unit); }

// A search's page on SQLite: open tickets first, then closed ones, newest first in each. The open
// ones are few and read through the state index; the closed ones are walked from the search index.
std::vector<long long> search_page(Transaction& tx, const Filter& f) {
  std::vector<long long> ids;
  auto read = [&](const std::string& sql, std::vector<Value>& p) {
    for (auto& r : tx.query(sql, p)) ids.push_back(r.integer(0));
  };
  const auto use = choose_indexes(tx, f);
  const long long wanted = static_cast<long long>(f.offset) + f.limit;
  if (few_tickets(use, f) || f.states.empty()) {
    std::vector<Value> p;
    auto sql = "SELECT i.id FROM incidents i" + where(use, f, p, Terms::each_row, std::nullopt) +
               " ORDER BY CASE WHEN i.state IN ('closed', 'discarded') THEN 1 ELSE 0 END, i.id DESC LIMIT ? OFFSET ?";
    p.emplace_back(i64(f.limit));
    p.emplace_back(i64(f.offset));
    read(sql, p);
    return ids;
  }
  Filter open = f, closed = f;
  open.states.clear();
  closed.states.clear();
  for (const auto& st : f.states) (st == "closed" || st == "discarded" ? closed : open).states.push_back(st);
  const auto source = search_source(tx, f.text_terms, f.before_id);
  if (!open.states.empty()) {
    std::vector<Value> p;
    std::string sql;
    if (source && rare(tx, *source)) {
      sql = driven_by(*source, open, p);  // a few matches in the whole country: fewer than the open tickets
    } else {
      sql = "SELECT i.id FROM incidents i" + where(choose_indexes(tx, open), open, p, Terms::each_row, std::nullopt) +
            " ORDER BY i.id DESC";
    }
    sql += " LIMIT ?";
    p.emplace_back(i64(wanted));
    read(sql, p);
  }
  if (!closed.states.empty() && static_cast<long long>(ids.size()) < wanted) {
    std::vector<Value> p;
    std::string sql;
    if (source) {
      sql = driven_by(*source, closed, p);
    } else {
      sql = "SELECT i.id FROM incidents i" + where(choose_indexes(tx, closed), closed, p, Terms::each_row, std::nullopt) +
            " ORDER BY i.id DESC";
    }
    sql += " LIMIT ?";
    p.emplace_back(i64(wanted - static_cast<long long>(ids.size())));
    read(sql, p);
  }
  if (static_cast<long long>(ids.size()) <= f.offset) return {};
  return {ids.begin() + f.offset, ids.end()};
}

// A ticket's search text and, when `with_pairs`, its characters and pairs.
void write_text(Transaction& tx, long long id, const std::string& text, bool with_pairs) {
  if (tx.dialect() == Dialect::postgresql) {
    tx.execute_without_answer("INSERT INTO ticket_search (rowid, body, pairs) VALUES (?, ?, string_to_array(?, ' '))",
                              {i64(id), text, with_pairs ? Value(core::search_pairs(text)) : Value(nullptr)});
    return;
  }
  tx.execute_without_answer("INSERT INTO ticket_search (rowid, body) VALUES (?, ?)", {i64(id), text});
  if (with_pairs)
    tx.execute_without_answer("INSERT INTO ticket_pairs (rowid, pairs) VALUES (?, ?)", {i64(id), core::search_pairs(text)});
}

// The ticket's row of ticket_search, written again when its text changed (most updates move only
// the state, and rewriting an indexed row costs far more than reading it).
void index_text(Transaction& tx, const core::Incident& t) {
  auto unit = tx.query_one("SELECT code, name FROM units WHERE id = ?", {i64(t.unit_id)});
  const auto text = core::ticket_search_text(t, unit ? unit->text(0) : "", unit ? unit->text(1) : "");
  auto kept = tx.query_one("SELECT body FROM ticket_search WHERE rowid = ?", {i64(t.id)});
  if (kept && kept->text(0) == text) return;
  // Pairs already written are rewritten with the text; later ones wait for the background writer,
  // which reads the text then.
  const bool with_pairs = t.id < pairs_written_below(tx);
  if (kept) {
    // An FTS5 index without content removes only what it is told was there: the pairs of the
    // text kept.
    if (with_pairs && tx.dialect() == Dialect::sqlite)
      tx.execute_without_answer("INSERT INTO ticket_pairs (ticket_pairs, rowid, pairs) VALUES ('delete', ?, ?)",
                                {i64(t.id), core::search_pairs(kept->text(0))});
    tx.execute_without_answer("DELETE FROM ticket_search WHERE rowid = ?", {i64(t.id)});
  }
  write_text(tx, t.id, text, with_pairs);
}

}  // namespace

long long next_serial(Transaction& tx, const std::string& issuer, const std::string& type, const std::string& ym) {
  return next_serials(tx, issuer, type, ym, 1);
}

void insert(Transaction& tx, core::Incident& t, int computed_level, const core::LatenessMarks& marks,
            const std::string& unit_code, const std::string& unit_name) {
  static const std::string sql = [] {
    std::string placeholders;
    for (size_t k = 0; k < kRowColumns.size(); ++k) placeholders += k ? ", ?" : "?";
    return "INSERT INTO incidents (" + joined_columns() + ") VALUES (" + placeholders + ")";
  }();
  t.id = tx.insert(sql, row_values(t, computed_level, marks));
  // A new ticket has no search text yet, and its unit is known: nothing to read back. Its pairs
  // are written behind it, with those of many others.
  write_text(tx, t.id, core::ticket_search_text(t, unit_code, unit_name), false);
}

void update(Transaction& tx, const core::Incident& t, int computed_level, const core::LatenessMarks& marks) {
  auto values = row_values(t, computed_level, marks);
  std::string set;
  std::vector<Value> changed;
  if (tx.dialect() == Dialect::sqlite) {
    // Only the columns that change: SQLite rewrites every index holding a column the UPDATE sets,
    // changed or not, and a ticket has a dozen. (PostgreSQL compares the indexed values itself.)
    static const std::string read = "SELECT " + joined_columns() + " FROM incidents WHERE id = ?";
    const auto now = tx.query_one(read, {i64(t.id)});
    for (size_t k = 0; k < kRowColumns.size(); ++k) {
      if (now && now->value(k) == values[k]) continue;
      set += std::string(set.empty() ? "" : ", ") + kRowColumns[k] + " = ?";
      changed.push_back(std::move(values[k]));
    }
  } else {
    for (size_t k = 0; k < kRowColumns.size(); ++k) set += std::string(k ? ", " : "") + kRowColumns[k] + " = ?";
    changed = std::move(values);
  }
  if (!set.empty()) {
    changed.emplace_back(i64(t.id));
    tx.execute("UPDATE incidents SET " + set + " WHERE id = ?", changed);
  }
  index_text(tx, t);
}

void set_lateness(Transaction& tx, long long id, const core::LatenessMarks& marks) {
  tx.execute_without_answer("UPDATE incidents SET late_from = ?, overdue_from = ? WHERE id = ?",
                            {opt(marks.late_from), opt(marks.overdue_from), i64(id)});
}

bool lateness_ready(Transaction& tx, const std::string& basis) {
  auto r = tx.query_one("SELECT basis, next_id FROM ticket_lateness_progress");
  return r && r->text(0) == basis && !r->optional_integer(1);
}

void restart_lateness(Transaction& tx, const std::string& basis) {
  tx.execute_without_answer("UPDATE ticket_lateness_progress SET basis = ?, next_id = 0 WHERE basis <> ?", {basis, basis});
}

std::vector<core::Incident> lateness_due(Transaction& tx, int limit) {
  auto next = tx.query_one("SELECT next_id FROM ticket_lateness_progress")->optional_integer(0);
  if (!next) return {};
  return page_by_id(tx, *next - 1, limit);
}

void lateness_filled_through(Transaction& tx, std::optional<long long> last_id) {
  tx.execute_without_answer("UPDATE ticket_lateness_progress SET next_id = ?",
                            {last_id ? Value(i64(*last_id + 1)) : Value(nullptr)});
}

void refresh_search_text(Transaction& tx, const core::Incident& t) { index_text(tx, t); }

std::vector<long long> ids_of_unit(Transaction& tx, long long unit_id) {
  std::vector<long long> out;
  for (auto& r : tx.query("SELECT id FROM incidents WHERE unit_id = ? ORDER BY id", {i64(unit_id)}))
    out.push_back(r.integer(0));
  return out;
}

long long index_for_search(Transaction& tx, long long after_id, int limit, long long& last_id) {
  long long indexed = 0;
  last_id = after_id;
  for (const auto& t : page_by_id(tx, after_id, limit)) {
    index_text(tx, t);
    last_id = t.id;
    ++indexed;
  }
  return indexed;
}

void restart_search_pairs(Transaction& tx) {
  // PostgreSQL's column is read only below the mark, and written again on the way up.
  if (tx.dialect() == Dialect::sqlite)
    tx.execute_without_answer("INSERT INTO ticket_pairs (ticket_pairs) VALUES ('delete-all')", {});
  tx.execute_without_answer("UPDATE ticket_pairs_progress SET next_id = 0", {});
}

bool search_pairs_behind(Transaction& tx) {
  return tx.query_one("SELECT 1 FROM ticket_search WHERE rowid >= ? LIMIT 1", {i64(pairs_written_below(tx))})
      .has_value();
}

PairsPage pairs_to_write(Transaction& tx, int limit) {
  PairsPage page;
  page.from = pairs_written_below(tx);
  for (auto& r : tx.query("SELECT rowid, body FROM ticket_search WHERE rowid >= ? ORDER BY rowid LIMIT ?",
                          {i64(page.from), i64(limit)})) {
    page.ids.push_back(r.integer(0));
    page.texts.push_back(r.text(1));
    page.pairs.push_back(core::search_pairs(page.texts.back()));
  }
  return page;
}

long long write_search_pairs(Transaction& tx, const PairsPage& page) {
  if (page.ids.empty() || pairs_written_below(tx) != page.from) return 0;
  // The texts as they are now: a ticket rewritten since the page was read has its pairs made from
  // its new text, one that left the index meanwhile has none.
  long long written = 0;
  size_t k = 0;
  for (auto& r : tx.query("SELECT rowid, body FROM ticket_search WHERE rowid >= ? AND rowid <= ? ORDER BY rowid",
                          {i64(page.from), i64(page.ids.back())})) {
    const long long id = r.integer(0);
    while (k < page.ids.size() && page.ids[k] < id) ++k;
    const bool same = k < page.ids.size() && page.ids[k] == id && page.texts[k] == r.text(1);
    const auto pairs = same ? page.pairs[k] : core::search_pairs(r.text(1));
    if (tx.dialect() == Dialect::sqlite)
      tx.execute_without_answer("INSERT INTO ticket_pairs (rowid, pairs) VALUES (?, ?)", {i64(id), pairs});
    else
      tx.execute_without_answer("UPDATE ticket_search SET pairs = string_to_array(?, ' ') WHERE rowid = ?",
                                {pairs, i64(id)});
    ++written;
  }
  tx.execute_without_answer("UPDATE ticket_pairs_progress SET next_id = ?", {i64(page.ids.back() + 1)});
  return written;
}

long long write_search_pairs(Transaction& tx, int limit) { return write_search_pairs(tx, pairs_to_write(tx, limit)); }

long long refresh_entered_long_after(Transaction& tx) {
  long long changed = 0;
  // Only reports made by other means hold a claimed time the migration could not read.
  for (const auto& r : tx.query(std::string("SELECT ") + kColumns +
                                ", entered_long_after FROM incidents WHERE report_json LIKE '%\"offline_report\":{%'")) {
    const auto t = from_row(r);
    const long long flag = core::times_entered_long_after(t).empty() ? 0 : 1;
    if (flag == r.integer(24)) continue;
    tx.execute("UPDATE incidents SET entered_long_after = ? WHERE id = ?", {i64(flag), i64(t.id)});
    ++changed;
  }
  return changed;
}

std::vector<core::Incident> children(Transaction& tx, long long parent_id) {
  std::vector<core::Incident> out;
  static const std::string sql = std::string("SELECT ") + kColumns + " FROM incidents WHERE parent_id = ? ORDER BY id";
  for (auto& r : tx.query(sql, {i64(parent_id)}))
    out.push_back(from_row(r));
  return out;
}

std::optional<core::Incident> find(Transaction& tx, long long id) {
  static const std::string sql = std::string("SELECT ") + kColumns + " FROM incidents WHERE id = ?";  // built once
  auto r = tx.query_one(sql, {i64(id)});
  if (!r) return std::nullopt;
  return from_row(*r);
}

std::optional<WithUnits> find_with_units(Transaction& tx, long long id) {
  // The ticket's columns are named without a table, as every other query reads them: selected in
  // a subquery of their own, they cannot clash with the units'.
  static const std::string sql = std::string("SELECT t.*, ") + units::brief_columns("u") + ", " +
                                 units::brief_columns("r") + " FROM (SELECT " + kColumns +
                                 " FROM incidents WHERE id = ?) t JOIN units u ON u.id = t.unit_id "
                                 "LEFT JOIN units r ON r.id = t.reviewer_unit_id";  // built once
  auto r = tx.query_one(sql, {i64(id)});
  if (!r) return std::nullopt;
  WithUnits found{from_row(*r), units::brief_from(*r, kColumnCount), std::nullopt};
  constexpr int reviewer_from = kColumnCount + units::kBriefColumnCount;
  if (r->optional_integer(reviewer_from)) found.reviewer = units::brief_from(*r, reviewer_from);
  return found;
}

std::vector<core::Incident> page_by_id(Transaction& tx, long long after_id, int limit) {
  std::vector<core::Incident> out;
  static const std::string sql = std::string("SELECT ") + kColumns + " FROM incidents WHERE id > ? ORDER BY id LIMIT ?";
  for (auto& r : tx.query(sql, {i64(after_id), i64(limit)}))
    out.push_back(from_row(r));
  return out;
}

std::optional<long long> id_of_number(Transaction& tx, const std::string& number) {
  auto r = tx.query_one("SELECT id FROM incidents WHERE number = ?", {number});
  if (!r) return std::nullopt;
  return r->integer(0);
}

namespace {

// The page's ids are chosen first, from the incidents alone, and only those rows are then read
// with their unit and moments: a filter an index answers (a month of awareness) then sorts ids
// out of that index instead of whole joined rows.
constexpr const char* kSummaries =
    "SELECT i.id, i.number, u.oid, u.code, u.name, i.type, i.subcategory, i.state, i.drill, i.level, "
    "i.chosen_level, i.computed_level, i.aware_at, i.reported_at, i.closed_at, i.support_needed, i.updated_at, "
    "u.kind, i.reviewed_at, i.responded_at, i.resolved_at, (SELECT MIN(x.moment) FROM (SELECT a.uploaded_at "
    "AS moment FROM attachments a WHERE a.incident_id = i.id AND a.kind = 'investigation_report' UNION ALL "
    "SELECT r.first_submitted_at FROM improvement_reports r WHERE r.incident_id = i.id) x), i.filed_at, i.approved_at "
    "FROM incidents i JOIN units u ON u.id = i.unit_id WHERE i.id IN ";
// A search's order: open tickets first, then closed ones, newest first in each.
constexpr const char* kSearchOrder =
    " ORDER BY CASE WHEN i.state IN ('closed', 'discarded') THEN 1 ELSE 0 END, i.id DESC";

// The rows of tickets already chosen for a search's page, in the search's order.
std::string summaries_of(const std::vector<long long>& ids, std::vector<Value>& p) {
  std::string in;
  for (long long id : ids) {
    in += in.empty() ? "?" : ", ?";
    p.emplace_back(i64(id));
  }
  return std::string(kSummaries) + "(" + (in.empty() ? std::string("NULL") : in) + ")" + kSearchOrder;
}

std::string list_query(Transaction& tx, const Filter& f, std::vector<Value>& p) {
  if (!f.text_terms.empty() && tx.dialect() == Dialect::sqlite) return summaries_of(search_page(tx, f), p);
  const std::string order = f.text_terms.empty() ? " ORDER BY i.id DESC" : kSearchOrder;
  std::string sql = std::string(kSummaries) + "(SELECT i.id" + from_where(tx, f, p) + order + " LIMIT ? OFFSET ?)" + order;
  p.emplace_back(i64(f.limit));
  p.emplace_back(i64(f.offset));
  return sql;
}

std::vector<Summary> summaries(Transaction& tx, const std::string& sql, const std::vector<Value>& p) {
  std::vector<Summary> out;
  for (auto& r : tx.query(sql, p)) {
    out.push_back({r.integer(0), r.text(1), r.text(2), r.text(3), r.text(4), r.text(5), r.text(6), r.text(7),
                   r.integer(8) != 0, static_cast<int>(r.integer(9)), static_cast<int>(r.integer(10)),
                   static_cast<int>(r.integer(11)), r.optional_integer(12), r.optional_integer(13),
                   r.optional_integer(14), r.integer(15) != 0, r.integer(16), r.text(17), r.optional_integer(18),
                   r.optional_integer(19), r.optional_integer(20), r.optional_integer(21), r.optional_integer(22),
                   r.optional_integer(23)});
  }
  return out;
}

// The search's matches walked from its index, when the page would walk them too (a subtree larger
// than a few units): a query of each match's id and whether it is closed, in no order.
std::optional<std::string> walked_matches_query(Transaction& tx, const Filter& f, std::vector<Value>& p) {
  if (f.text_terms.empty() || tx.dialect() != Dialect::sqlite || f.states.empty()) return std::nullopt;
  if (few_tickets(choose_indexes(tx, f), f)) return std::nullopt;
  const auto source = search_source(tx, f.text_terms, f.before_id);
  if (!source) return std::nullopt;
  return driven_by(*source, f, p, false, "i.id, i.state IN ('closed', 'discarded')");
}

// How many of the list's tickets match, counting no further than `cap`.
std::string count_query(Transaction& tx, const Filter& f, long long cap, std::vector<Value>& p) {
  std::string matches;
  if (!f.text_terms.empty() && tx.dialect() == Dialect::sqlite) {
    // As the page: a few tickets each checked, or else the search index's matches walked.
    const auto use = choose_indexes(tx, f);
    std::optional<SearchSource> source;
    if (!few_tickets(use, f)) source = search_source(tx, f.text_terms, f.before_id);
    matches = source ? driven_by(*source, f, p, false)
                     : "SELECT i.id FROM incidents i" + where(use, f, p, Terms::each_row, std::nullopt);
  } else {
    matches = "SELECT 1" + from_where(tx, f, p, /*counting=*/true);
  }
  p.emplace_back(i64(cap));
  return "SELECT COUNT(*) FROM (" + matches + " LIMIT ?) AS capped";
}

}  // namespace

std::vector<Summary> list(Transaction& tx, const Filter& f) {
  std::vector<Value> p;
  const auto sql = list_query(tx, f, p);
  return summaries(tx, sql, p);
}

std::string list_plan(Transaction& tx, const Filter& f) {
  return page_and_total_plan(
      tx, [&](std::vector<Value>& p) { return list_query(tx, f, p); },
      [&](std::vector<Value>& p) { return count_query(tx, f, 10'000, p); });
}

long long count(Transaction& tx, const Filter& f, long long cap) {
  std::vector<Value> p;
  const auto sql = count_query(tx, f, cap, p);
  return tx.query_one(sql, p)->integer(0);
}

ListPage list_with_total(Transaction& tx, const Filter& f, long long cap) {
  std::vector<Value> p;
  const auto walk = walked_matches_query(tx, f, p);
  if (!walk) return {list(tx, f), count(tx, f, cap)};
  // A search over a large subtree walks its index's matches for the page and again for the total:
  // walked once to the cap, the matches give both when fewer (the page sorted from them), and a
  // total of the cap otherwise.
  p.emplace_back(i64(cap));
  std::vector<std::pair<bool, long long>> matches;  // closed, then id: sorted, the search's order
  for (auto& r : tx.query(*walk + " LIMIT ?", p)) matches.emplace_back(r.integer(1) != 0, -r.integer(0));
  const auto total = static_cast<long long>(matches.size());
  if (total >= cap) return {list(tx, f), cap};
  std::sort(matches.begin(), matches.end());
  std::vector<long long> ids;
  for (auto k = static_cast<size_t>(f.offset); k < matches.size() && ids.size() < static_cast<size_t>(f.limit); ++k)
    ids.push_back(-matches[k].second);
  std::vector<Value> q;
  const auto sql = summaries_of(ids, q);
  return {summaries(tx, sql, q), total};
}

void add_event(Transaction& tx, long long incident_id, const Event& e) {
  tx.execute_without_answer(
      "INSERT INTO incident_events (incident_id, at, actor, kind, from_state, to_state, detail_json) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)",
      {i64(incident_id), e.at, e.actor, e.kind, opt_text(e.from_state), opt_text(e.to_state), opt_text(e.detail_json)});
}

std::vector<Event> events(Transaction& tx, long long incident_id) {
  std::vector<Event> out;
  for (auto& r : tx.query("SELECT id, at, actor, kind, from_state, to_state, detail_json FROM incident_events "
                          "WHERE incident_id = ? ORDER BY id",
                          {i64(incident_id)}))
    out.push_back({r.integer(0), r.integer(1), r.text(2), r.text(3), r.optional_text(4), r.optional_text(5),
                   r.optional_text(6)});
  return out;
}

long long add_attachment(Transaction& tx, const Attachment& a) {
  return tx.insert(
      "INSERT INTO attachments (incident_id, file_name, kind, declared_type, size_bytes, sha256, uploaded_by, "
      "uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {i64(a.incident_id), a.file_name, a.kind, a.declared_type, i64(a.size_bytes), a.sha256, a.uploaded_by,
       a.uploaded_at});
}

namespace {
Attachment attachment_from(const Row& r) {
  return {r.integer(0), r.integer(1), r.text(2), r.text(3), r.text(4), r.integer(5), r.text(6), r.text(7), r.integer(8)};
}
constexpr const char* kAttachmentColumns =
    "SELECT id, incident_id, file_name, kind, declared_type, size_bytes, sha256, uploaded_by, uploaded_at FROM attachments ";
}  // namespace

std::vector<Attachment> attachments(Transaction& tx, long long incident_id) {
  std::vector<Attachment> out;
  for (auto& r : tx.query(std::string(kAttachmentColumns) + "WHERE incident_id = ? ORDER BY id", {i64(incident_id)}))
    out.push_back(attachment_from(r));
  return out;
}

std::optional<Attachment> find_attachment(Transaction& tx, long long id) {
  auto r = tx.query_one(std::string(kAttachmentColumns) + "WHERE id = ?", {i64(id)});
  if (!r) return std::nullopt;
  return attachment_from(*r);
}

}  // namespace tongbao::store::incidents
