// Improvement items: create, list (with a summary by status, category and age), get with history
// and evidence, edit, progress, evidence upload and download, done, and the verifier's decision.
#include <algorithm>

#include "api/caller.h"
#include "api/paging.h"
#include "api/request_params.h"
#include "api/responses.h"
#include "api/routes.h"
#include "api/unit_refs.h"
#include "core/error.h"
#include "core/json_input.h"
#include "core/time_format.h"
#include "improvements/audit_register_workbook.h"
#include "office/zip_archive.h"

namespace tongbao::api {
namespace {

using core::JsonInput;
using nlohmann::json;

constexpr std::size_t kSlack = 4;  // characters are counted by the rules; bytes bounded here first

json time_or_null(const std::optional<core::TimeMs>& t) { return t ? json(core::format_utc(*t)) : json(nullptr); }

json evidence_json(const core::EvidenceFile& e) {
  return {{"id", e.id},
          {"update_id", e.update_id ? json(*e.update_id) : json(nullptr)},
          {"file_name", e.file_name},
          {"declared_type", e.declared_type},
          {"size_bytes", e.size_bytes},
          {"sha256", e.sha256},
          {"uploaded_by", e.uploaded_by},
          {"uploaded_at", core::format_utc(e.uploaded_at)},
          {"download", "/api/v1/improvements/" + std::to_string(e.item_id) + "/evidence/" + std::to_string(e.id)}};
}

json item_json(const core::ImprovementItem& it, core::TimeMs now, UnitRefs& units) {
  const auto& in = it.input;
  constexpr core::TimeMs kDay = 86'400'000;
  json source = {{"kind", core::to_string(in.source)},
                 {"incident_id", in.incident_id ? json(*in.incident_id) : json(nullptr)},
                 {"advisory_id", in.advisory_id ? json(*in.advisory_id) : json(nullptr)},
                 {"audit_date", in.audit_date.empty() ? json(nullptr) : json(in.audit_date)},
                 {"auditor", in.auditor},
                 {"auditor_unit", in.auditor_unit_id ? units(*in.auditor_unit_id) : json(nullptr)},
                 {"reference", in.reference},
                 {"audit_item", in.audit_item},
                 {"audit_group", in.audit_group}};
  json out = {{"id", it.id},
              {"owner", units(in.owner_unit_id)},
              {"owner_person", in.owner_person},
              {"source", source},
              {"category", in.category},
              {"severity", in.severity},
              {"finding", in.finding},
              {"measure", in.measure},
              {"planned_on", in.planned_on},
              {"completed_on", it.completed_on.empty() ? json(nullptr) : json(it.completed_on)},
              {"status", core::to_string(it.status)},
              {"overdue", it.overdue(now)},
              {"days_overdue", it.overdue(now) ? (now - it.due_at) / kDay + 1 : 0},
              {"age_days", (now - it.created_at) / kDay},
              {"decision", nullptr},
              {"next_reminder_at", time_or_null(it.next_reminder_at)},
              {"created_by", it.created_by},
              {"created_at", core::format_utc(it.created_at)},
              {"updated_at", core::format_utc(it.updated_at)}};
  if (it.decided_at)
    out["decision"] = {{"verified", it.status == core::ImprovementStatus::verified},
                       {"reason", it.decision_reason}, {"by", it.decided_by}, {"at", core::format_utc(*it.decided_at)}};
  return out;
}

json detail_json(const improvements::ItemDetail& d, core::TimeMs now, UnitRefs& units) {
  auto out = item_json(d.item, now, units);
  using A = core::ImprovementAction;
  auto may = [&](A action) {
    try {
      core::next_improvement_status(action, d.item.status, d.roles);
      return true;
    } catch (const core::Error&) {
      return false;
    }
  };
  out["may"] = {{"edit", may(A::edit)}, {"progress", may(A::progress)}, {"mark_done", may(A::mark_done)},
                {"decide", may(A::verify)}};
  json history = json::array();
  for (const auto& u : d.updates)
    history.push_back({{"id", u.id}, {"at", core::format_utc(u.at)}, {"by", u.actor}, {"action", u.action},
                       {"note", u.note}, {"status", u.status_after}});
  out["history"] = history;
  json files = json::array();
  for (const auto& e : d.evidence) files.push_back(evidence_json(e));
  out["evidence"] = files;
  return out;
}

std::optional<std::string> one_of(const http::Request& req, const std::string& name, const std::vector<std::string_view>& allowed) {
  auto v = req.query_param(name);
  if (v.empty()) return std::nullopt;
  if (std::find(allowed.begin(), allowed.end(), v) == allowed.end()) {
    std::string list;
    for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    throw core::invalid(name, name + " must be one of " + list);
  }
  return v;
}

improvements::ListQuery list_query(const http::Request& req) {
  improvements::ListQuery q;
  if (auto s = one_of(req, "status", {"open", "planned", "in_progress", "done", "verified", "not_accepted"})) q.statuses.push_back(*s);
  if (auto c = req.query_param("category"); !c.empty()) {
    if (c.size() > core::kMaxCriterionKeyLength) throw core::invalid("category", "category is a key of at most 64 characters");
    q.category = c;
  }
  if (auto s = one_of(req, "severity", core::improvement_severities())) q.severity = *s;
  if (auto s = one_of(req, "source", {"incident", "audit", "drill", "advisory"})) q.source_kind = *s;
  if (auto t = req.query_param("incident_id"); !t.empty()) {
    try {
      size_t used = 0;
      q.incident_id = std::stoll(t, &used);
      if (used != t.size()) throw std::invalid_argument(t);
    } catch (const std::exception&) {
      throw core::invalid("incident_id", "incident_id must be a whole number");
    }
  }
  q.overdue = flag_param(req, "overdue");
  if (auto u = req.query_param("unit"); !u.empty()) {
    if (u.size() > 128) throw core::invalid("unit", "unit is an OID of at most 128 characters");
    q.unit_oid = u;
    if (auto s = one_of(req, "subtree", {"true", "false"})) q.subtree = *s == "true";
  }
  const auto paging = paging_of(req, 100, 500);
  q.limit = paging.limit;
  q.offset = paging.offset;
  return q;
}

std::optional<std::string> short_text(const JsonInput& in, const std::string& name, std::size_t max) {
  return in.optional_string(name, max * kSlack);
}

}  // namespace

void add_improvement_routes(http::Router& router, ApiContext& ctx) {
  router.add("POST", "/api/v1/improvements", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    JsonInput in(req.body, {"owner_oid", "owner_person", "source", "category", "severity", "finding", "measure", "planned_on"});
    improvements::NewItem item;
    auto& i = item.input;
    item.owner_oid = in.optional_string("owner_oid", 128).value_or("");
    i.owner_person = short_text(in, "owner_person", core::kMaxImprovementShort).value_or("");
    i.category = in.required_string("category");
    i.severity = in.required_string("severity");
    i.finding = short_text(in, "finding", core::kMaxImprovementText).value_or("");
    i.measure = short_text(in, "measure", core::kMaxImprovementText).value_or("");
    i.planned_on = in.required_string("planned_on");
    auto source = in.optional_object("source", {"kind", "incident_id", "advisory_id", "audit_date", "auditor",
                                                "auditor_unit_oid", "reference"});
    if (!source) throw core::Error(core::ErrorKind::invalid, "missing_field", "field 'source' is required", "source");
    const auto kind = source->required_string("kind");
    const auto parsed = core::parse_improvement_source(kind);
    if (!parsed) throw core::invalid("source.kind", "source.kind must be incident, audit, drill or advisory");
    i.source = *parsed;
    i.incident_id = source->optional_integer("incident_id");
    i.advisory_id = source->optional_integer("advisory_id");
    i.audit_date = source->optional_string("audit_date", 10).value_or("");
    i.auditor = short_text(*source, "auditor", core::kMaxImprovementShort).value_or("");
    item.auditor_unit_oid = source->optional_string("auditor_unit_oid", 128);
    i.reference = short_text(*source, "reference", core::kMaxImprovementShort).value_or("");
    UnitRefs units(ctx);
    return json_response(201, detail_json(ctx.improvements.create(p, item), ctx.clock.now(), units));
  });

  router.add("GET", "/api/v1/improvements", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    const auto q = list_query(req);
    auto [list, total] = ctx.improvements.list(p, q);
    UnitRefs units(ctx);
    const auto now = ctx.clock.now();
    json items = json::array();
    for (const auto& it : list) items.push_back(item_json(it, now, units));
    return json_response(200, {{"items", items}, {"total", total}, {"limit", q.limit}, {"offset", q.offset}});
  });

  // Counts across the caller's view (or ?unit=), with the list's filters: by status, by category,
  // and the open ones by age and overdue.
  router.add("GET", "/api/v1/improvements/summary", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    const auto s = ctx.improvements.summary(p, list_query(req));
    UnitRefs units(ctx);
    json worst = json::array();
    for (const auto& [unit_id, n] : s.most_overdue_major) worst.push_back({{"unit", units(unit_id)}, {"overdue_major", n}});
    return json_response(200, {{"by_status", s.by_status}, {"by_category", s.by_category}, {"open_by_age", s.open_by_age},
                               {"open", s.open}, {"overdue", s.overdue}, {"most_overdue_major", worst}});
  });

  router.add("GET", "/api/v1/improvements/categories", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    const auto unit = req.query_param("unit");
    if (unit.size() > 128) throw core::invalid("unit", "unit is an OID of at most 128 characters");
    json items = json::array();
    for (const auto& c : ctx.improvements.categories(p, unit.empty() ? std::nullopt : std::optional(unit)))
      items.push_back({{"key", c.key}, {"label_zh", c.label_zh}, {"label_en", c.label_en}});
    json severities = json::array();
    for (auto s : core::improvement_severities()) severities.push_back(s);
    return json_response(200, {{"items", items}, {"severities", severities}});
  });

  // An audit's findings register (seed 003's columns) as CSV or as an Excel workbook (told by its
  // type or by the zip archive's first bytes): the body is the file, the audit in the query. All
  // rows or none; ?dry_run=true shows the rows without storing them.
  router.add("POST", "/api/v1/improvements/audit-register", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    if (req.body.size() > core::kMaxAuditRegisterBytes)
      throw core::Error(core::ErrorKind::payload_too_large, "file_too_large",
                        "an audit register may be at most " + std::to_string(core::kMaxAuditRegisterBytes / (1024 * 1024)) +
                            " MB",
                        "body");
    improvements::AuditImport in;
    in.file = req.body;
    in.workbook = office::looks_like_zip(req.body) ||
                  req.header("content-type").rfind(improvements::kXlsxMediaType, 0) == 0;
    in.audit_date = req.query_param("audit_date");
    if (in.audit_date.size() > 10) throw core::invalid("audit_date", "audit_date must be a date such as 2023-12-21");
    in.auditor = req.query_param("auditor");
    if (in.auditor.size() > core::kMaxImprovementShort * kSlack)
      throw core::invalid("auditor", "auditor may hold at most 200 characters");
    in.owner_oid = req.query_param("owner");
    if (in.owner_oid.size() > 128) throw core::invalid("owner", "owner is an OID of at most 128 characters");
    if (auto a = req.query_param("auditor_unit"); !a.empty()) {
      if (a.size() > 128) throw core::invalid("auditor_unit", "auditor_unit is an OID of at most 128 characters");
      in.auditor_unit_oid = a;
    }
    const auto dry = one_of(req, "dry_run", {"true", "false"});
    in.dry_run = dry == "true";
    const auto result = ctx.improvements.import_audit_register(p, in);
    json rows = json::array();
    for (size_t i = 0; i < result.rows.size(); ++i) {
      const auto& r = result.rows[i];
      rows.push_back({{"row", r.row}, {"item", r.item}, {"category", r.category}, {"reference", r.reference},
                      {"group", r.group}, {"finding", r.finding}, {"measure", r.measure},
                      {"planned_on", r.planned_on.empty() ? json(nullptr) : json(r.planned_on)}, {"done", r.done},
                      {"severity", core::severity_for_category(r.category)},
                      {"id", i < result.ids.size() ? json(result.ids[i]) : json(nullptr)}});
    }
    return json_response(in.dry_run ? 200 : 201, {{"dry_run", in.dry_run}, {"owner_oid", result.owner_oid},
                                                  {"created", result.ids.size()}, {"rows", rows}});
  }, {"text/csv", std::string(improvements::kXlsxMediaType)});

  // The unit's audit findings in the register's columns again, with their status after them.
  router.add("GET", "/api/v1/improvements/audit-register", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    improvements::AuditExport q;
    if (auto u = req.query_param("unit"); !u.empty()) {
      if (u.size() > 128) throw core::invalid("unit", "unit is an OID of at most 128 characters");
      q.unit_oid = u;
    }
    if (auto d = req.query_param("audit_date"); !d.empty()) {
      if (!core::is_valid_date(d)) throw core::invalid("audit_date", "audit_date must be a date such as 2023-12-21");
      q.audit_date = d;
    }
    if (auto a = req.query_param("auditor"); !a.empty()) {
      if (a.size() > core::kMaxImprovementShort * kSlack) throw core::invalid("auditor", "auditor may hold at most 200 characters");
      q.auditor = a;
    }
    // ?format=xlsx, or a client that asks for a workbook and not for CSV, gets an Excel file.
    const auto format = one_of(req, "format", {"csv", "xlsx"});
    const auto accept = req.header("accept");
    q.workbook = format == "xlsx" || (!format && accept.find(improvements::kXlsxMediaType) != std::string::npos &&
                                      accept.find("text/csv") == std::string::npos);
    http::Response r;
    r.content_type = q.workbook ? std::string(improvements::kXlsxMediaType) : "text/csv; charset=utf-8";
    r.body = ctx.improvements.export_audit_register(p, q);
    r.with_header("Content-Disposition",
                  std::string("attachment; filename=\"audit-register.") + (q.workbook ? "xlsx" : "csv") + "\"");
    r.with_header("Vary", "Accept");
    return r;
  });

  router.add("GET", "/api/v1/improvements/{id}", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    UnitRefs units(ctx);
    return json_response(200, detail_json(ctx.improvements.get(p, path_id(req)), ctx.clock.now(), units));
  });

  router.add("PATCH", "/api/v1/improvements/{id}", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    JsonInput in(req.body, {"owner_person", "category", "severity", "finding", "measure", "planned_on"});
    improvements::ItemChange c;
    c.owner_person = short_text(in, "owner_person", core::kMaxImprovementShort);
    c.category = in.optional_string("category", 64);
    c.severity = in.optional_string("severity", 32);
    c.finding = short_text(in, "finding", core::kMaxImprovementText);
    c.measure = short_text(in, "measure", core::kMaxImprovementText);
    c.planned_on = in.optional_string("planned_on", 10);
    UnitRefs units(ctx);
    return json_response(200, detail_json(ctx.improvements.edit(p, path_id(req), c), ctx.clock.now(), units));
  });

  router.add("POST", "/api/v1/improvements/{id}/progress", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    JsonInput in(req.body, {"note"});
    const auto note = short_text(in, "note", core::kMaxImprovementText).value_or("");
    UnitRefs units(ctx);
    auto out = detail_json(ctx.improvements.progress(p, path_id(req), note), ctx.clock.now(), units);
    out["update_id"] = out["history"].back()["id"];  // for the evidence that goes with it
    return json_response(201, out);
  });

  router.add("POST", "/api/v1/improvements/{id}/done", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    JsonInput in(req.body, {"note", "completed_on"});
    const auto note = short_text(in, "note", core::kMaxImprovementText).value_or("");
    const auto completed_on = in.optional_string("completed_on", 10);
    UnitRefs units(ctx);
    return json_response(200, detail_json(ctx.improvements.mark_done(p, path_id(req), note, completed_on), ctx.clock.now(), units));
  });

  router.add("POST", "/api/v1/improvements/{id}/decision", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    JsonInput in(req.body, {"decision", "reason"});
    const auto decision = in.required_string("decision");
    if (decision != "verify" && decision != "not_accept")
      throw core::invalid("decision", "decision must be verify or not_accept");
    const auto reason = short_text(in, "reason", core::kMaxImprovementReason).value_or("");
    UnitRefs units(ctx);
    return json_response(200, detail_json(ctx.improvements.decide(p, path_id(req), decision == "verify", reason), ctx.clock.now(), units));
  });

  // The body is the file itself; its name (and the progress update it goes with) in the query.
  router.add_streamed("POST", "/api/v1/improvements/{id}/evidence", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    improvements::EvidenceUpload up;
    up.file_name = req.query_param("name");
    if (up.file_name.empty())
      throw core::Error(core::ErrorKind::invalid, "missing_field", "query parameter 'name' (the file name) is required", "name");
    if (up.file_name.size() > 1000) throw core::invalid("name", "name may hold at most 1000 characters");
    if (auto u = req.query_param("update"); !u.empty()) {
      try {
        size_t used = 0;
        up.update_id = std::stoll(u, &used);
        if (used != u.size()) throw std::invalid_argument(u);
      } catch (const std::exception&) {
        throw core::invalid("update", "update must be the id of a progress update");
      }
    }
    up.declared_type = req.header("content-type");
    up.source_file = req.body_file;
    return json_response(201, evidence_json(ctx.improvements.add_evidence(p, path_id(req), up)));
  }, [&ctx](http::Request& req) -> std::optional<http::Response> {
    // Before a byte is written: who asks, may they add to this item, and is the file small enough?
    ctx.improvements.check_can_add_evidence(require_caller(ctx, req), path_id(req));
    if (auto length = req.header("content-length"); !length.empty()) {
      try {
        if (std::stoll(length) > core::kMaxEvidenceBytes)
          throw core::Error(core::ErrorKind::payload_too_large, "file_too_large",
                            "an evidence file may be at most " + std::to_string(core::kMaxEvidenceBytes / (1024 * 1024)) + " MB",
                            "body");
      } catch (const std::logic_error&) {
      }
    }
    return std::nullopt;
  });

  router.add("GET", "/api/v1/improvements/{id}/evidence/{evidence_id}", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    auto [e, path] = ctx.improvements.evidence_file(p, path_id(req), path_id(req, "evidence_id"));
    return file_download(path, e.file_name, e.sha256);
  });
}

}  // namespace tongbao::api
