#pragma once
// The incident ticket's use cases: file, respond, review, close, reopen, follow up, evidence.
// Each action loads the ticket, asks the workflow whether this caller may do it now, changes
// it, and writes the ticket, its timeline event and its audit entry in one transaction.
#include <atomic>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/access.h"
#include "core/clock.h"
#include "core/incident.h"
#include "core/incident_checks.h"
#include "core/incident_workflow.h"
#include "core/deadlines.h"
#include "core/level.h"
#include "core/policy_set.h"
#include "store/database.h"
#include "incidents/ticket_observer.h"
#include "notify/outbox.h"
#include "store/incident_store.h"
#include "store/unit_store.h"

namespace tongbao::incidents {

struct UnitRef {
  std::string oid, code, name;
};

// A ticket as one caller sees it: with the computed level, what it still needs, and what the
// caller may do next.
struct TicketView {
  core::Incident incident;
  core::LevelAssessment assessment;
  bool under_reported = false;
  UnitRef unit, reviewer;
  std::vector<core::Missing> closing_requirements;
  std::vector<std::string> allowed_actions;
  const core::PolicyProfile* policy = nullptr;  // once the time of awareness is known
  std::vector<core::DeadlineStatus> deadlines;
  int deadline_level = 1;  // the level the deadlines run on (the stricter one until a reviewer decides)
  // A coordinated incident: the parent this ticket is part of, or how many children it has.
  std::optional<std::pair<long long, std::string>> parent;  // id, number
  long long child_count = 0, open_child_count = 0;
};

struct ListQuery {
  std::string scope = "open";  // open (not closed), history (closed), all
  std::optional<std::string> root_oid, type, subcategory, number;
  std::vector<std::string> states;  // any of these; empty: what the scope says
  std::optional<int> level;
  std::optional<bool> drill;
  std::optional<core::TimeMs> from, to;
  bool support_open = false;
  std::string text;            // words all found in the ticket (number, unit, addresses, report): a search
  bool mine = false;           // only the caller's own unit
  bool late_only = false;      // only tickets past a deadline (overdue, or met late)
  bool overdue_only = false;   // only tickets with a deadline passed and not yet met: to follow up
  std::optional<long long> before_id;  // the next page after one ending at this id (newest first)
  std::optional<long long> from_id;    // and no ticket below this id: an export's window (not asked by callers)
  bool count_total = true;             // an export reads every page and needs no total
  int limit = 50, offset = 0;
};

// Totals are counted up to here and shown as "more than": counting every match of a national list
// would cost more than reading the page itself.
constexpr long long kListTotalCap = 10'000;
constexpr long long kSearchTotalCap = 1'000;

struct AttachmentUpload {
  std::string file_name;
  std::string kind = "evidence";  // evidence, investigation_report, other
  std::string declared_type;
  std::string source_file;  // the uploaded bytes on disk; moved into the store when accepted
};

class IncidentService {
 public:
  IncidentService(store::Database& db, const core::Clock& clock, const core::PolicySet& policies,
                  std::string attachment_dir);

  // Told of every change in its transaction (notifications, reminders). Optional.
  void set_observer(TicketObserver* observer) { observer_ = observer; }

  // Writes the search text of the tickets filed before the search index existed (or before a copy
  // to another database), once; later tickets are indexed as they are written. Returns how many.
  // Stops between pages when `stop` turns true; the rest is indexed at the next start.
  long long complete_search_index(const std::atomic<bool>* stop = nullptr);
  // Writes the search index of single characters and pairs for the tickets filed or made again
  // since it last ran (store::incidents::write_search_pairs), a thousand a transaction: behind
  // the filings, which would each pay a fifth of their rate to write it themselves. Returns how
  // many; stops between pages when `stop` turns true.
  long long write_search_pairs(const std::atomic<bool>* stop = nullptr);
  // Computes every ticket's lateness marks again (core::lateness_marks) unless they were computed
  // under the profiles in force: after the first start with them, or a change of the profiles.
  // Lists of late tickets compute lateness ticket by ticket until it is done. Returns how many;
  // stops between pages when `stop` turns true, and resumes there at the next start.
  long long complete_lateness(const std::atomic<bool>* stop = nullptr);
  // In the transaction that changed a unit: its tickets' lateness again when its kind changed
  // (and so its profile), their search text when its code or name did.
  void unit_changed(store::Transaction& tx, const core::Unit& before, const core::Unit& after);

  TicketView create(const core::Principal& who, const core::IncidentReport& report, bool drill, bool submit);
  // What a ticket's write queued without waiting comes to: the ticket, or the error that refused it.
  // Called from the database's writer once the write is on disk (or refused there); it must only
  // hand the outcome on.
  using TicketDone = std::function<void(std::exception_ptr error, std::shared_ptr<TicketView> ticket)>;
  // create() without waiting for the commit. What the report alone decides is checked here, and
  // thrown at once.
  void create_async(core::Principal who, core::IncidentReport report, bool drill, bool submit, TicketDone filed);
  // The same within the caller's transaction (a confirmed warning files its ticket with its reply).
  TicketView create_in(store::Transaction& tx, const core::Principal& who, const core::IncidentReport& report, bool drill,
                       bool submit);
  TicketView edit_report(const core::Principal& who, long long id, const core::IncidentReport& report);
  // The same without waiting for the commit (a draft saved as it is typed).
  void edit_report_async(core::Principal who, long long id, core::IncidentReport report, TicketDone done);
  // The caller's unit's open tickets (filed, not closed) that name this host: where a warning
  // about it may belong instead of a new draft.
  std::vector<std::pair<long long, std::string>> open_tickets_for_host(store::Transaction& tx, const core::Principal& who,
                                                                       const std::string& host);
  // Within the caller's transaction: a warning answered as part of this ticket of the caller's own
  // unit (recorded on its timeline and in the audit trail).
  // A centre answering its school's warning may also join it to the school's ticket.
  void link_warning_in(store::Transaction& tx, const core::Principal& who, long long id, const std::string& warning_number,
                       const std::string& host, long long warning_unit_id);
  TicketView submit(const core::Principal& who, long long id);
  TicketView respond(const core::Principal& who, long long id, const core::IncidentResponse& response);
  // The first step of review: the centre confirms the level of the filed report (a reason is
  // needed when that level is below the computed one).
  TicketView review_report(const core::Principal& who, long long id, const std::string& reason);
  TicketView change_level(const core::Principal& who, long long id, int level, const std::string& reason);
  // The second step: the centre approves the filed response and passes the ticket to the CERT.
  TicketView approve(const core::Principal& who, long long id, const std::string& comment, const std::string& reason);
  TicketView return_ticket(const core::Principal& who, long long id, const std::string& reason);
  TicketView close(const core::Principal& who, long long id, const std::string& comment);
  TicketView reopen(const core::Principal& who, long long id, const std::string& reason);
  TicketView record_notification(const core::Principal& who, long long id, const core::DataSubjectNotification& n);
  TicketView record_referral(const core::Principal& who, long long id, const core::LawEnforcementReferral& r);
  // The unit gives up a draft, with a reason: kept on record (its centre sees it), no clock runs.
  TicketView discard(const core::Principal& who, long long id, const std::string& reason);
  // The unit asks for support (again) at any point after filing; its centre is told.
  TicketView request_support(const core::Principal& who, long long id, const core::SupportRequest& request);
  TicketView take_support(const core::Principal& who, long long id);
  // Within the caller's transaction: makes a ticket a child of a coordinated incident (a centre's
  // parent ticket over an outbreak of its subtree). Both must be visible to the caller, the
  // parent its own unit's; a ticket has one parent, and a parent is never a child.
  void attach_child_in(store::Transaction& tx, const core::Principal& who, long long parent_id, long long child_id);

  TicketView get(const core::Principal& who, long long id);
  // Within the caller's transaction: the ticket if this caller may read it, else the same 404
  // GET /incidents/{id} gives. For what hangs off a ticket (its conversation).
  core::Incident readable_in(store::Transaction& tx, const core::Principal& who, long long id) {
    return visible(tx, who, id);
  }
  // The profile in force for a ticket of the caller's unit aware at this time.
  const core::PolicyProfile& policy_for(const core::Principal& who, core::TimeMs aware_at) const;
  // The level the answers give under that profile, before anything is filed; a criterion the
  // profile lacks is refused (400, field "criteria").
  core::LevelAssessment assess(const core::Principal& who, const core::ImpactAnswers& answers, core::TimeMs aware_at) const;
  long long id_of_number(const core::Principal& who, const std::string& number);
  struct Item {
    store::incidents::Summary summary;
    std::vector<core::DeadlineStatus> deadlines;
    int next = -1;  // index of the earliest deadline still open (pending or overdue), or -1
    bool late = false;
  };
  struct Page {
    std::vector<Item> items;
    long long total = 0;
    bool total_capped = false;  // at least `total` match: counting stopped there
  };
  Page list(const core::Principal& who, const ListQuery& q);
  // An export: every ticket a list query matches, newest first, read a page at a time. Each page
  // after the first comes from a window of ids sized by how densely the pages before it held
  // matches, so a page costs what its own rows cost however deep it lies. Without the window a
  // page of a subtree read unit by unit (PostgreSQL walks each unit's index) gathered every
  // match below it to find the newest thousand.
  struct ExportCursor {
    ListQuery query;
    long long span = 0;  // ids the next window covers; 0 until a full page has been read
    bool done = false;
    // A search's: the closed states, exported once the open ones are, from this id down.
    std::vector<std::string> closed_states;
    std::optional<long long> closed_from;
  };
  static ExportCursor start_export(ListQuery q, int page_size = 1000);
  // The states a list asks for: those named, or its scope's (and drafts, of the caller's own unit).
  static std::vector<std::string> states_asked(const ListQuery& q);
  // The next page (empty only once the export is done): at most the page size, fewer where a
  // window held fewer.
  std::vector<Item> next_export_page(const core::Principal& who, ExportCursor& cursor);
  // The ticket's history, each actor also named as people know them ("name, unit").
  struct NamedEvent {
    store::incidents::Event event;
    std::string actor_name;  // a person or API key and its unit; empty for the platform itself
  };
  std::vector<NamedEvent> timeline(const core::Principal& who, long long id);
  // The messages the ticket caused, for its reviewers and the CERT; its own unit sees the
  // history, not the delivery details of every mail.
  std::vector<notify::Message> messages(const core::Principal& who, long long id);

  // Throws (404, 403, 409) unless the caller may add a file to this ticket now: checked before a
  // byte is stored, and again when the record is written.
  void check_can_attach(const core::Principal& who, long long id);
  store::incidents::Attachment add_attachment(const core::Principal& who, long long id, const AttachmentUpload& upload);
  std::vector<store::incidents::Attachment> attachments(const core::Principal& who, long long id);
  // The record and the file's path on disk, for download.
  std::pair<store::incidents::Attachment, std::string> attachment_file(const core::Principal& who, long long attachment_id);

 private:
  void check_may_file(const core::Principal& who, const core::IncidentReport& report, bool submit) const;
  // An action on a ticket in one write. `change` alters the ticket it is given and may read; unless
  // `in_transaction_only` is false (it does more, such as placing a file), the write may run again
  // after a rollback (Database::write_rerunnable).
  template <typename Change>
  TicketView act(const core::Principal& who, long long id, core::IncidentAction action, const std::string& event_kind,
                 Change&& change, bool in_transaction_only = true);
  // What editing a report does to the ticket, holding the report (defined where it is used).
  auto report_edit(core::IncidentReport report) const;
  // The same queued without waiting; `change` is kept until the write has run (perhaps twice).
  template <typename Change>
  void act_async(core::Principal who, long long id, core::IncidentAction action, std::string event_kind, Change change,
                 TicketDone done);
  template <typename Change>
  TicketView act_in(store::Transaction& tx, const core::Principal& who, long long id, core::IncidentAction action,
                    const std::string& event_kind, Change& change);
  TicketView view(store::Transaction& tx, const core::Principal& who, core::Incident incident);
  // With its unit read already (by visible_with_units), and its reviewing unit when that was too.
  TicketView view(store::Transaction& tx, const core::Principal& who, core::Incident incident,
                  const std::optional<store::units::Brief>& unit,
                  const std::optional<store::units::Brief>& reviewer = std::nullopt);
  core::Incident visible(store::Transaction& tx, const core::Principal& who, long long id);
  store::incidents::WithUnits visible_with_units(store::Transaction& tx, const core::Principal& who, long long id);
  // The ticket's profile: its unit's kind, its time of awareness (now while a draft has none).
  const core::PolicyProfile& profile_of(store::Transaction& tx, const core::Incident& t, core::TimeMs now) const;

  store::Database& db_;
  const core::Clock& clock_;
  const core::PolicySet& policies_;
  std::string attachment_dir_;
  TicketObserver* observer_ = nullptr;
};

// Keeps the name a person gave a file, minus anything that could act as a path or a control.
std::string sanitise_file_name(const std::string& name);

}  // namespace tongbao::incidents
