#pragma once
// Incident tickets, their timeline events and attachment records in the database.
#include <optional>
#include <string>
#include <vector>

#include "core/deadlines.h"
#include "core/incident.h"
#include "store/database.h"
#include "store/unit_store.h"

namespace tongbao::store::incidents {

// Next serial for (issuer, type, month); call inside the filing transaction.
long long next_serial(Transaction& tx, const std::string& issuer, const std::string& type, const std::string& year_month);

// A new ticket of the unit with this code and name (the filing has read them).
void insert(Transaction& tx, core::Incident& incident, int computed_level, const core::LatenessMarks& marks,
            const std::string& unit_code, const std::string& unit_name);
void update(Transaction& tx, const core::Incident& incident, int computed_level, const core::LatenessMarks& marks);
// A ticket's marks alone, when a moment of it is kept elsewhere (an improvement report's submission).
void set_lateness(Transaction& tx, long long id, const core::LatenessMarks& marks);
// The marks kept are those of the profiles named `basis` for every ticket: lists may read them.
bool lateness_ready(Transaction& tx, const std::string& basis);
// Filling them again for every ticket under the profiles named `basis` (nothing if they were
// filled under it already, or are being filled under it): the tickets whose marks are due, a page
// at a time, in id order, and then `filled` with the last one's id. Done when it is given none.
void restart_lateness(Transaction& tx, const std::string& basis);
std::vector<core::Incident> lateness_due(Transaction& tx, int limit);
void lateness_filled_through(Transaction& tx, std::optional<long long> last_id);
// The ticket's search text (and its pairs) again when its unit's code or name changed.
void refresh_search_text(Transaction& tx, const core::Incident& incident);
// The ids of a unit's own tickets (a school's few; a change of its kind changes their deadlines).
std::vector<long long> ids_of_unit(Transaction& tx, long long unit_id);
std::optional<core::Incident> find(Transaction& tx, long long id);
// A ticket with its unit and its reviewing unit, in one statement (a ticket's page shows all
// three); none when the ticket or its unit is missing.
struct WithUnits {
  core::Incident ticket;
  units::Brief unit;
  std::optional<units::Brief> reviewer;
};
std::optional<WithUnits> find_with_units(Transaction& tx, long long id);
// Writes the search text of up to `limit` tickets after `after_id` (an index made after them, or
// to be made again); returns how many, and the last id in `last_id`.
long long index_for_search(Transaction& tx, long long after_id, int limit, long long& last_id);
// The search index of single characters and pairs (core::search_pairs) is written behind the
// filings, from the tickets' search text, in id order: `write_search_pairs` writes up to `limit`
// more tickets' and returns how many; `search_pairs_behind` says whether any ticket waits.
// `restart_search_pairs` empties it, to be written again from the first ticket. Tickets not yet
// in it are searched by their text.
void restart_search_pairs(Transaction& tx);
bool search_pairs_behind(Transaction& tx);
long long write_search_pairs(Transaction& tx, int limit);
// The same in two steps, so that the pairs are made outside the write: `pairs_to_write` reads
// the next tickets' texts and makes their pairs (a read is enough); `write_search_pairs` with
// that page writes them, making again those of a ticket whose text changed in between, and
// writes nothing if another writer or a restart moved the index since.
struct PairsPage {
  long long from = 0;  // where the index stood when read
  std::vector<long long> ids;
  std::vector<std::string> texts, pairs;
};
PairsPage pairs_to_write(Transaction& tx, int limit);
long long write_search_pairs(Transaction& tx, const PairsPage& page);
// Sets the stored flag of times entered long after for tickets with a report made by other means,
// whose claimed time lies in the report itself; returns how many changed.
long long refresh_entered_long_after(Transaction& tx);
std::optional<long long> id_of_number(Transaction& tx, const std::string& number);
// The child tickets of a coordinated incident, in id order.
std::vector<core::Incident> children(Transaction& tx, long long parent_id);
// Every ticket in id order, a page after `after_id` at a time: for checks that read them all.
std::vector<core::Incident> page_by_id(Transaction& tx, long long after_id, int limit);

struct Filter {
  std::optional<std::string> within_path;  // units under this path
  std::optional<long long> unit_id;        // exactly this unit
  std::optional<long long> reviewer_unit_id;
  std::vector<std::string> states;         // any of these
  std::optional<std::string> type, subcategory, number;
  std::optional<int> level;
  std::optional<bool> drill;
  std::optional<core::TimeMs> from, to;    // time of awareness in [from, to)
  // Late, or overdue, at this time (by the marks kept: see lateness_ready).
  std::optional<core::TimeMs> late_at, overdue_at;
  bool support_open = false;               // support requested and not yet taken
  // Words that must all appear in the ticket's searchable text (see search_text), lower-case.
  std::vector<std::string> text_terms;
  std::optional<long long> before_id;      // keyset paging: tickets with a smaller id (newest first)
  std::optional<long long> from_id;        // and an id at least this: a window of ids (an export's page)
  int limit = 50;
  int offset = 0;
};
struct Summary {
  long long id;
  std::string number;
  std::string unit_oid, unit_code, unit_name;
  std::string type, subcategory, state;
  bool drill;
  int level, chosen_level, computed_level;
  std::optional<core::TimeMs> aware_at, reported_at, closed_at;
  bool support_needed;
  core::TimeMs updated_at;
  // What the ticket's deadlines are computed from.
  std::string unit_kind;
  std::optional<core::TimeMs> reviewed_at, responded_at, resolved_at, investigation_report_at, filed_at, approved_at;
};
std::vector<Summary> list(Transaction& tx, const Filter& filter);
// How the database would read that list's page and then its total (their query plans, a line a
// step): for the tests that keep lists from plans which grow with every ticket in the country.
std::string list_plan(Transaction& tx, const Filter& filter);
// How many match, counting no further than `cap` (a total is shown, not scanned for: "10,000+").
long long count(Transaction& tx, const Filter& filter, long long cap);
// A page and its total counted to `cap`, as `list` and `count` give them: a search walks its
// matches once for both where it can.
struct ListPage {
  std::vector<Summary> items;
  long long total = 0;
};
ListPage list_with_total(Transaction& tx, const Filter& filter, long long cap);

struct Event {
  long long id = 0;
  core::TimeMs at = 0;
  std::string actor, kind;
  std::optional<std::string> from_state, to_state, detail_json;
};
void add_event(Transaction& tx, long long incident_id, const Event& event);
std::vector<Event> events(Transaction& tx, long long incident_id);

struct Attachment {
  long long id = 0;
  long long incident_id = 0;
  std::string file_name, kind, declared_type;
  long long size_bytes = 0;
  std::string sha256, uploaded_by;
  core::TimeMs uploaded_at = 0;
};
long long add_attachment(Transaction& tx, const Attachment& a);
std::vector<Attachment> attachments(Transaction& tx, long long incident_id);
std::optional<Attachment> find_attachment(Transaction& tx, long long id);

}  // namespace tongbao::store::incidents
