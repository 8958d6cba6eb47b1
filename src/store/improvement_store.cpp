#include "store/improvement_store.h"

namespace tongbao::store::improvements {
namespace {

std::int64_t i64(long long v) { return static_cast<std::int64_t>(v); }
Value opt(const std::optional<long long>& v) { return v ? Value(i64(*v)) : Value(nullptr); }

constexpr const char* kColumns =
    "SELECT i.id, i.owner_unit_id, i.owner_person, i.source_kind, i.incident_id, i.advisory_id, i.audit_date, i.auditor, "
    "i.auditor_unit_id, i.source_reference, i.category, i.severity, i.finding, i.measure, i.planned_on, i.due_at, "
    "i.completed_on, i.status, i.decision_reason, i.decided_by, i.decided_at, i.next_reminder_at, i.created_by, "
    "i.created_at, i.updated_at, i.status_changed_at, i.audit_item, i.audit_group FROM improvement_items i ";

ImprovementItem from_row(const Row& r) {
  ImprovementItem it;
  it.id = r.integer(0);
  auto& in = it.input;
  in.owner_unit_id = r.integer(1);
  in.owner_person = r.text(2);
  in.source = core::parse_improvement_source(r.text(3)).value_or(core::ImprovementSource::incident);
  in.incident_id = r.optional_integer(4);
  in.advisory_id = r.optional_integer(5);
  in.audit_date = r.text(6);
  in.auditor = r.text(7);
  in.auditor_unit_id = r.optional_integer(8);
  in.reference = r.text(9);
  in.category = r.text(10);
  in.severity = r.text(11);
  in.finding = r.text(12);
  in.measure = r.text(13);
  in.planned_on = r.text(14);
  it.due_at = r.integer(15);
  it.completed_on = r.text(16);
  it.status = core::parse_improvement_status(r.text(17)).value_or(core::ImprovementStatus::planned);
  it.decision_reason = r.text(18);
  it.decided_by = r.text(19);
  it.decided_at = r.optional_integer(20);
  it.next_reminder_at = r.optional_integer(21);
  it.created_by = r.text(22);
  it.created_at = r.integer(23);
  it.updated_at = r.integer(24);
  it.status_changed_at = r.integer(25);
  in.audit_item = r.text(26);
  in.audit_group = r.text(27);
  return it;
}

constexpr const char* kOpen = "i.status IN ('planned', 'in_progress', 'not_accepted')";

std::string where(const Filter& f, std::vector<Value>& p) {
  std::string w = "JOIN units u ON u.id = i.owner_unit_id WHERE 1=1";
  if (f.within_path && f.or_audited_by) {
    w += " AND (u.path LIKE ? OR i.auditor_unit_id = ?)";
    p.emplace_back(*f.within_path + "%");
    p.emplace_back(i64(*f.or_audited_by));
  } else if (f.within_path) {
    w += " AND u.path LIKE ?", p.emplace_back(*f.within_path + "%");
  }
  if (f.owner_path) w += " AND u.path LIKE ?", p.emplace_back(*f.owner_path + "%");
  if (f.owner_unit_id) w += " AND i.owner_unit_id = ?", p.emplace_back(i64(*f.owner_unit_id));
  if (!f.statuses.empty()) {
    w += " AND i.status IN (";
    for (size_t i = 0; i < f.statuses.size(); ++i) w += i ? ", ?" : "?", p.emplace_back(f.statuses[i]);
    w += ")";
  }
  if (f.category) w += " AND i.category = ?", p.emplace_back(*f.category);
  if (f.severity) w += " AND i.severity = ?", p.emplace_back(*f.severity);
  if (f.source_kind) w += " AND i.source_kind = ?", p.emplace_back(*f.source_kind);
  if (f.incident_id) w += " AND i.incident_id = ?", p.emplace_back(i64(*f.incident_id));
  if (f.audit_date) w += " AND i.audit_date = ?", p.emplace_back(*f.audit_date);
  if (f.auditor) w += " AND i.auditor = ?", p.emplace_back(*f.auditor);
  if (f.overdue_only) w += std::string(" AND ") + kOpen + " AND i.due_at <= ?", p.emplace_back(f.now);
  return w;
}

core::EvidenceFile evidence_from_row(const Row& r) {
  core::EvidenceFile e;
  e.id = r.integer(0);
  e.item_id = r.integer(1);
  e.update_id = r.optional_integer(2);
  e.file_name = r.text(3);
  e.declared_type = r.text(4);
  e.size_bytes = r.integer(5);
  e.sha256 = r.text(6);
  e.uploaded_by = r.text(7);
  e.uploaded_at = r.integer(8);
  return e;
}

constexpr const char* kEvidenceColumns =
    "SELECT id, item_id, update_id, file_name, declared_type, size_bytes, sha256, uploaded_by, uploaded_at "
    "FROM improvement_evidence ";

}  // namespace

long long insert(Transaction& tx, ImprovementItem& it) {
  const auto& in = it.input;
  it.id = tx.query_one(
                "INSERT INTO improvement_items (owner_unit_id, owner_person, source_kind, incident_id, advisory_id, "
                "audit_date, auditor, auditor_unit_id, source_reference, category, severity, finding, measure, planned_on, "
                "due_at, completed_on, status, next_reminder_at, created_by, created_at, updated_at, status_changed_at, "
                "audit_item, audit_group) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                {i64(in.owner_unit_id), in.owner_person, std::string(core::to_string(in.source)), opt(in.incident_id),
                 opt(in.advisory_id), in.audit_date, in.auditor, opt(in.auditor_unit_id), in.reference, in.category,
                 in.severity, in.finding, in.measure, in.planned_on, it.due_at, it.completed_on,
                 std::string(core::to_string(it.status)), opt(it.next_reminder_at), it.created_by, it.created_at,
                 it.updated_at, it.status_changed_at, in.audit_item, in.audit_group})
              ->integer(0);
  return it.id;
}

std::optional<ImprovementItem> find(Transaction& tx, long long id) {
  auto r = tx.query_one(std::string(kColumns) + "WHERE i.id = ?", {i64(id)});
  if (!r) return std::nullopt;
  return from_row(*r);
}

void save(Transaction& tx, const ImprovementItem& it) {
  const auto& in = it.input;
  tx.execute(
      "UPDATE improvement_items SET owner_person = ?, category = ?, severity = ?, finding = ?, measure = ?, planned_on = ?, "
      "due_at = ?, completed_on = ?, status = ?, decision_reason = ?, decided_by = ?, decided_at = ?, next_reminder_at = ?, "
      "updated_at = ?, status_changed_at = ? WHERE id = ?",
      {in.owner_person, in.category, in.severity, in.finding, in.measure, in.planned_on, it.due_at, it.completed_on,
       std::string(core::to_string(it.status)), it.decision_reason, it.decided_by, opt(it.decided_at),
       opt(it.next_reminder_at), it.updated_at, it.status_changed_at, i64(it.id)});
}

long long add_update(Transaction& tx, const core::ImprovementUpdate& u) {
  return tx.query_one("INSERT INTO improvement_updates (item_id, at, actor, action, note, status_after) "
                      "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                      {i64(u.item_id), u.at, u.actor, u.action, u.note, u.status_after})
      ->integer(0);
}

std::vector<core::ImprovementUpdate> updates(Transaction& tx, long long item_id, int limit) {
  std::vector<core::ImprovementUpdate> out;
  for (const auto& r : tx.query("SELECT id, item_id, at, actor, action, note, status_after FROM improvement_updates "
                                "WHERE item_id = ? ORDER BY id LIMIT ?",
                                {i64(item_id), i64(limit)}))
    out.push_back({r.integer(0), r.integer(1), r.integer(2), r.text(3), r.text(4), r.text(5), r.text(6)});
  return out;
}

std::optional<core::ImprovementUpdate> find_update(Transaction& tx, long long update_id) {
  auto r = tx.query_one("SELECT id, item_id, at, actor, action, note, status_after FROM improvement_updates WHERE id = ?",
                        {i64(update_id)});
  if (!r) return std::nullopt;
  return core::ImprovementUpdate{r->integer(0), r->integer(1), r->integer(2), r->text(3), r->text(4), r->text(5), r->text(6)};
}

long long count_updates(Transaction& tx, long long item_id) {
  return tx.query_one("SELECT COUNT(*) FROM improvement_updates WHERE item_id = ?", {i64(item_id)})->integer(0);
}

long long add_evidence(Transaction& tx, const core::EvidenceFile& e) {
  return tx.query_one("INSERT INTO improvement_evidence (item_id, update_id, file_name, declared_type, size_bytes, sha256, "
                      "uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                      {i64(e.item_id), opt(e.update_id), e.file_name, e.declared_type, i64(e.size_bytes), e.sha256,
                       e.uploaded_by, e.uploaded_at})
      ->integer(0);
}

std::vector<core::EvidenceFile> evidence(Transaction& tx, long long item_id) {
  std::vector<core::EvidenceFile> out;
  for (const auto& r : tx.query(std::string(kEvidenceColumns) + "WHERE item_id = ? ORDER BY id", {i64(item_id)}))
    out.push_back(evidence_from_row(r));
  return out;
}

std::optional<core::EvidenceFile> find_evidence(Transaction& tx, long long evidence_id) {
  auto r = tx.query_one(std::string(kEvidenceColumns) + "WHERE id = ?", {i64(evidence_id)});
  if (!r) return std::nullopt;
  return evidence_from_row(*r);
}

std::vector<ImprovementItem> list(Transaction& tx, const Filter& f) {
  std::vector<Value> p;
  // Overdue first (the oldest planned date first), then the rest by planned date.
  auto sql = std::string(kColumns) + where(f, p) +
             (f.in_register_order ? std::string(" ORDER BY i.audit_date, i.auditor, i.id LIMIT ? OFFSET ?")
                                  : std::string(" ORDER BY CASE WHEN ") + kOpen + " AND i.due_at <= ? THEN 0 WHEN " + kOpen +
                                        " THEN 1 WHEN i.status = 'done' THEN 2 ELSE 3 END, i.due_at, i.id LIMIT ? OFFSET ?");
  if (!f.in_register_order) p.emplace_back(f.now);
  p.emplace_back(i64(f.limit));
  p.emplace_back(i64(f.offset));
  std::vector<ImprovementItem> out;
  for (const auto& r : tx.query(sql, p)) out.push_back(from_row(r));
  return out;
}

long long count(Transaction& tx, const Filter& f) {
  std::vector<Value> p;
  return tx.query_one("SELECT COUNT(*) FROM improvement_items i " + where(f, p), p)->integer(0);
}

Summary summary(Transaction& tx, const Filter& f) {
  Summary s;
  {
    std::vector<Value> p;
    for (const auto& r : tx.query("SELECT i.status, COUNT(*) FROM improvement_items i " + where(f, p) + " GROUP BY i.status", p))
      s.by_status[r.text(0)] = r.integer(1);
  }
  {
    std::vector<Value> p;
    for (const auto& r :
         tx.query("SELECT i.category, COUNT(*) FROM improvement_items i " + where(f, p) + " GROUP BY i.category", p))
      s.by_category[r.text(0)] = r.integer(1);
  }
  {
    constexpr core::TimeMs kDay = 86'400'000;
    std::vector<Value> p{f.now, f.now - 30 * kDay, f.now - 90 * kDay, f.now - 180 * kDay};
    const auto sql = std::string("SELECT COUNT(*), CAST(SUM(CASE WHEN i.due_at <= ? THEN 1 ELSE 0 END) AS BIGINT), "
                                 "CAST(SUM(CASE WHEN i.created_at > ? THEN 1 ELSE 0 END) AS BIGINT), "
                                 "CAST(SUM(CASE WHEN i.created_at > ? THEN 1 ELSE 0 END) AS BIGINT), "
                                 "CAST(SUM(CASE WHEN i.created_at > ? THEN 1 ELSE 0 END) AS BIGINT) FROM improvement_items i ") +
                     where(f, p) + " AND " + kOpen;
    auto r = tx.query_one(sql, p);
    auto n = [&](int c) { return r->is_null(c) ? 0LL : r->integer(c); };
    s.open = n(0);
    s.overdue = n(1);
    s.open_by_age["under_30_days"] = n(2);
    s.open_by_age["30_to_90_days"] = n(3) - n(2);
    s.open_by_age["90_to_180_days"] = n(4) - n(3);
    s.open_by_age["over_180_days"] = n(0) - n(4);
  }
  {
    std::vector<Value> p;
    const auto sql = std::string("SELECT i.owner_unit_id, COUNT(*) FROM improvement_items i ") + where(f, p) + " AND " +
                     kOpen + " AND i.severity = 'major' AND i.due_at <= ? GROUP BY i.owner_unit_id "
                     "ORDER BY COUNT(*) DESC, i.owner_unit_id LIMIT 10";
    p.emplace_back(f.now);
    for (const auto& r : tx.query(sql, p)) s.most_overdue_major.emplace_back(r.integer(0), r.integer(1));
  }
  return s;
}

}  // namespace tongbao::store::improvements
