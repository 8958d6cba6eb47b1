#include "store/improvement_report_store.h"

#include <nlohmann/json.hpp>

namespace tongbao::store::improvement_reports {
namespace {

using nlohmann::json;

std::int64_t i64(long long v) { return static_cast<std::int64_t>(v); }
Value opt(const std::optional<core::TimeMs>& t) { return t ? Value(*t) : Value(nullptr); }

std::string body_of(const core::ImprovementReport& r) {
  json measures = json::array();
  for (const auto& m : r.measures)
    measures.push_back({{"category", m.category}, {"severity", m.severity}, {"finding", m.finding},
                        {"measure", m.measure}, {"planned_on", m.planned_on},
                        {"item_id", m.item_id ? json(*m.item_id) : json(nullptr)}});
  json out = {{"measures", measures}};
  for (const auto& s : core::report_sections()) out[std::string(s.key)] = r.section(s.key);
  return out.dump();
}

void read_body(core::ImprovementReport& r, const std::string& text) {
  const auto body = json::parse(text);
  for (const auto& s : core::report_sections()) r.section(s.key) = body.value(std::string(s.key), "");
  for (const auto& m : body.value("measures", json::array())) {
    core::ReportMeasure out;
    out.category = m.value("category", "");
    out.severity = m.value("severity", "");
    out.finding = m.value("finding", "");
    out.measure = m.value("measure", "");
    out.planned_on = m.value("planned_on", "");
    if (m.contains("item_id") && m["item_id"].is_number_integer()) out.item_id = m["item_id"].get<long long>();
    r.measures.push_back(std::move(out));
  }
}

}  // namespace

std::optional<core::ImprovementReport> find(Transaction& tx, long long incident_id) {
  auto row = tx.query_one(
      "SELECT incident_id, status, report_json, return_reason, first_submitted_at, submitted_at, centre_accepted_by, "
      "centre_accepted_at, accepted_by, accepted_at, updated_by, updated_at FROM improvement_reports WHERE incident_id = ?",
      {i64(incident_id)});
  if (!row) return std::nullopt;
  core::ImprovementReport r;
  r.incident_id = row->integer(0);
  r.status = core::parse_report_status(row->text(1)).value_or(core::ReportStatus::draft);
  read_body(r, row->text(2));
  r.return_reason = row->text(3);
  r.first_submitted_at = row->optional_integer(4);
  r.submitted_at = row->optional_integer(5);
  r.centre_accepted_by = row->text(6);
  r.centre_accepted_at = row->optional_integer(7);
  r.accepted_by = row->text(8);
  r.accepted_at = row->optional_integer(9);
  r.updated_by = row->text(10);
  r.updated_at = row->integer(11);
  return r;
}

void save(Transaction& tx, const core::ImprovementReport& r) {
  const std::vector<Value> values = {std::string(core::to_string(r.status)), body_of(r), r.return_reason,
                                     opt(r.first_submitted_at), opt(r.submitted_at), r.centre_accepted_by,
                                     opt(r.centre_accepted_at), r.accepted_by, opt(r.accepted_at), r.updated_by,
                                     r.updated_at, i64(r.incident_id)};
  const auto changed = tx.execute(
      "UPDATE improvement_reports SET status = ?, report_json = ?, return_reason = ?, first_submitted_at = ?, "
      "submitted_at = ?, centre_accepted_by = ?, centre_accepted_at = ?, accepted_by = ?, accepted_at = ?, "
      "updated_by = ?, updated_at = ? WHERE incident_id = ?",
      values);
  if (changed > 0) return;
  tx.execute(
      "INSERT INTO improvement_reports (status, report_json, return_reason, first_submitted_at, submitted_at, "
      "centre_accepted_by, centre_accepted_at, accepted_by, accepted_at, updated_by, updated_at, incident_id) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      values);
}

}  // namespace tongbao::store::improvement_reports
