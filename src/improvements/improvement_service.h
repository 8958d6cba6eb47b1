#pragma once
// Improvement items (改善事項), wherever they come from: an incident's lessons, an audit's findings
// register, a drill or an advisory. The owner unit's people edit them, report progress with
// evidence files and mark them done; the verifier (the owner's parent centre, the CERT, or the
// unit that audited it) verifies or sends them back with a reason; the ministry reads. Open items
// remind their owner weekly from a week before the planned date, and once overdue the owner's
// centre too.
#include <optional>
#include <string>
#include <vector>

#include "core/access.h"
#include "core/audit_register.h"
#include "core/clock.h"
#include "core/improvement.h"
#include "core/improvement_report.h"
#include "core/incident.h"
#include "core/policy_set.h"
#include "jobs/scheduler.h"
#include "store/database.h"
#include "store/improvement_store.h"

namespace tongbao::improvements {

using core::ImprovementItem;

// A new item: the input's owner and auditing unit are named by OID here.
struct NewItem {
  core::ImprovementInput input;
  std::string owner_oid;  // empty: the caller's own unit
  std::optional<std::string> auditor_unit_oid;
};

// Fields an edit may change; absent ones stay.
struct ItemChange {
  std::optional<std::string> owner_person, category, severity, finding, measure, planned_on;
};

struct ItemDetail {
  ImprovementItem item;
  core::ImprovementRoles roles;
  std::vector<core::ImprovementUpdate> updates;
  std::vector<core::EvidenceFile> evidence;
};

struct ListQuery {
  std::vector<std::string> statuses;  // or "open" for planned, in_progress and not_accepted
  std::optional<std::string> category, severity, source_kind;
  std::optional<long long> incident_id;
  bool overdue = false;
  std::optional<std::string> unit_oid;  // within the caller's view
  bool subtree = true;                  // with unit_oid: its subtree, or the unit alone
  int limit = 100, offset = 0;
};

struct EvidenceUpload {
  std::string file_name, declared_type;
  std::optional<long long> update_id;  // the progress update it belongs to
  std::string source_file;             // where the server put the body
};

// An audit's findings register (seed 003's columns, as CSV or as an Excel workbook) for one owner
// unit: every row an item.
struct AuditImport {
  std::string file;       // the CSV text, or the .xlsx workbook's bytes
  bool workbook = false;  // the file is an Excel workbook
  std::string audit_date, auditor;  // the audit's date (YYYY-MM-DD) and who audited
  std::string owner_oid;            // empty: the caller's own unit
  std::optional<std::string> auditor_unit_oid;
  bool dry_run = false;             // check and show the rows, store nothing
};
struct AuditImportResult {
  std::vector<core::AuditRegisterRow> rows;
  std::vector<long long> ids;  // the items made, in the rows' order (none on a dry run)
  std::string owner_oid;
};
struct AuditExport {
  std::optional<std::string> unit_oid;  // empty: the caller's own unit
  std::optional<std::string> audit_date, auditor;
  bool workbook = false;  // an Excel workbook (.xlsx) instead of CSV
};

// A ticket's investigation, handling and improvement report, with what the document shows of the
// ticket. `exists` is false for a report nobody has saved yet (an empty draft).
struct ReportDetail {
  core::ImprovementReport report;
  bool exists = false;
  core::ReportRoles roles;
  core::Incident ticket;
  std::string unit_oid, unit_name, reviewer_name;
  std::vector<core::ImprovementCategory> categories;
};

class ImprovementService {
 public:
  ImprovementService(store::Database& db, const core::Clock& clock, const core::PolicySet& policies,
                     std::string evidence_dir, std::string public_url);
  void set_public_url(std::string url) { public_url_ = std::move(url); }
  // Registers the weekly reminders with the scheduler.
  void attach(jobs::Scheduler& scheduler);

  // The categories of the profile that applies to the caller's unit (or to `unit_oid`'s).
  std::vector<core::ImprovementCategory> categories(const core::Principal& who, const std::optional<std::string>& unit_oid = {});

  ItemDetail create(const core::Principal& who, const NewItem& item);
  ItemDetail get(const core::Principal& who, long long id);
  std::pair<std::vector<ImprovementItem>, long long> list(const core::Principal& who, const ListQuery& q);
  store::improvements::Summary summary(const core::Principal& who, const ListQuery& q);
  ItemDetail edit(const core::Principal& who, long long id, const ItemChange& change);
  // A progress note; the item moves to in progress. Returns the item with the new update last.
  ItemDetail progress(const core::Principal& who, long long id, const std::string& note);
  ItemDetail mark_done(const core::Principal& who, long long id, const std::string& note,
                       const std::optional<std::string>& completed_on);
  ItemDetail decide(const core::Principal& who, long long id, bool verified, const std::string& reason);

  // All rows or none: a bad row refuses the file with row errors naming the row and column.
  AuditImportResult import_audit_register(const core::Principal& who, const AuditImport& request);
  // The unit's audit findings as a register again (CSV, UTF-8 with BOM, or an Excel workbook),
  // with a status column.
  std::string export_audit_register(const core::Principal& who, const AuditExport& request);

  // The ticket's report: its unit, its reviewing centre, units above it and the CERT read it.
  ReportDetail report(const core::Principal& who, long long incident_id);
  // Saves the draft (sections and measures) as given; a returned report becomes a draft again.
  ReportDetail save_report(const core::Principal& who, long long incident_id, const core::ImprovementReport& draft);
  // Every section filled and a measure at least: each new measure becomes an improvement item of
  // the ticket's unit, and the first submission meets the investigation-report deadline.
  ReportDetail submit_report(const core::Principal& who, long long incident_id);
  // The reviewing centre, then the CERT: accept, or return with a reason.
  ReportDetail decide_report(const core::Principal& who, long long incident_id, bool accept, const std::string& reason);

  // Before a byte of an upload is written: may the caller add evidence to this item?
  void check_can_add_evidence(const core::Principal& who, long long id);
  core::EvidenceFile add_evidence(const core::Principal& who, long long id, const EvidenceUpload& upload);
  std::pair<core::EvidenceFile, std::string> evidence_file(const core::Principal& who, long long id, long long evidence_id);

 private:
  ItemDetail create_in(store::Transaction& tx, const core::Principal& who, const NewItem& item, core::TimeMs now);
  ReportDetail report_in(store::Transaction& tx, const core::Principal& who, long long incident_id);
  ItemDetail visible(store::Transaction& tx, const core::Principal& who, long long id);
  ItemDetail detail(store::Transaction& tx, const core::Principal& who, const ImprovementItem& item);
  std::vector<core::ImprovementCategory> categories_for(core::UnitKind kind) const;
  store::improvements::Filter filter_of(store::Transaction& tx, const core::Principal& who, const ListQuery& q);
  void schedule_reminder(store::Transaction& tx, ImprovementItem& item, core::TimeMs now);

  store::Database& db_;
  const core::Clock& clock_;
  const core::PolicySet& policies_;
  std::string evidence_dir_;
  std::string public_url_;
};

}  // namespace tongbao::improvements
