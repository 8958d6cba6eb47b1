#include <charconv>
#include <map>
#include <memory>
#include <optional>

#include "api/caller.h"
#include "api/paging.h"
#include "api/request_params.h"
#include "api/responses.h"
#include "api/routes.h"
#include "api/unit_refs.h"
#include "core/error.h"
#include "core/json_input.h"
#include "core/time_format.h"
#include "core/warning_formats.h"
#include "store/unit_store.h"

namespace tongbao::api {
namespace {

using core::JsonInput;
using nlohmann::json;

const std::initializer_list<std::string_view> kWarningFields = {
    "addresses", "port", "protocol", "observed_at", "subcategory", "description", "evidence", "rule_id", "tlp"};

core::WarningInput parse_warning(const JsonInput& in) {
  core::WarningInput w;
  for (const auto& a : in.object_list("addresses", {"ip", "role"}))
    w.addresses.push_back({a.optional_string("ip").value_or(""), a.optional_string("role").value_or("source")});
  if (!in.has("addresses"))
    throw core::Error(core::ErrorKind::invalid, "missing_field", "field '" + in.path("addresses") + "' is required", in.path("addresses"));
  w.port = in.optional_int_in("port", 0, 65535);
  w.protocol = in.optional_string("protocol").value_or("");
  w.observed_at = in.optional_time("observed_at").value_or(0);
  w.subcategory = in.optional_string("subcategory").value_or("");
  w.description = in.optional_string("description").value_or("");
  w.evidence = in.optional_string("evidence", core::kMaxWarningEvidence).value_or("");
  w.rule_id = in.optional_string("rule_id").value_or("");
  if (auto tlp = in.optional_string("tlp")) {
    w.tlp = core::normalise_tlp(*tlp);
    if (w.tlp.empty()) throw core::invalid(in.path("tlp"), "tlp must be clear, green, amber, amber+strict or red");
  }
  return w;
}

json oid_of(const json& ref) { return ref.is_null() ? json(nullptr) : ref["oid"]; }

json warning_json(ApiContext& ctx, const warnings::Warning& w, UnitRefs& units) {
  json addresses = json::array();
  for (const auto& a : w.input.addresses) addresses.push_back({{"ip", a.ip}, {"role", a.role}});
  const auto* sub = core::find_warning_subcategory(w.input.subcategory);
  const auto issuer = units(w.issuer_unit_id), unit = units(w.unit_id);
  const auto now = ctx.clock.now();
  return {{"id", w.id},
          {"number", w.number},
          {"issuer", issuer},
          {"issuer_oid", oid_of(issuer)},
          {"unit", unit},
          {"unit_oid", oid_of(unit)},
          {"in_triage", !w.unit_id.has_value()},
          {"host", w.host},
          {"addresses", addresses},
          {"port", w.input.port ? json(*w.input.port) : json(nullptr)},
          {"protocol", w.input.protocol},
          {"subcategory", w.input.subcategory},
          {"subcategory_label", sub ? json({{"zh-TW", sub->label}, {"en", sub->label_en}}) : json(nullptr)},
          {"description", w.input.description},
          {"evidence", w.input.evidence},
          {"rule_id", w.input.rule_id},
          {"observed_at", core::format_utc(w.input.observed_at)},
          {"first_seen", core::format_utc(w.first_seen)},
          {"last_seen", core::format_utc(w.last_seen)},
          {"count", w.repeat_count},
          {"state", w.state},
          {"due_at", core::format_utc(w.due_at)},
          {"overdue", w.state == "open" && now > w.due_at},
          // Answered after its week: the mark stays once answered.
          {"answered_late", w.replied_at.has_value() && *w.replied_at > w.due_at},
          {"reply", w.reply.empty() ? json(nullptr) : json(w.reply)},
          {"reply_reason", w.reply_reason},
          {"replied_by", w.replied_by.empty() ? json(nullptr) : json(w.replied_by)},  // the unit's person, or its centre's
          {"replied_at", w.replied_at ? json(core::format_utc(*w.replied_at)) : json(nullptr)},
          {"incident_id", w.incident_id ? json(*w.incident_id) : json(nullptr)},
          {"tlp", w.input.tlp.empty() ? json(nullptr) : json(w.input.tlp)},
          {"created_at", core::format_utc(w.created_at)},
          {"updated_at", core::format_utc(w.updated_at)}};
}

json notes_json(const std::vector<core::ImportNote>& notes) {
  json out = json::array();
  for (const auto& n : notes) out.push_back({{"object", n.object}, {"reason", n.reason}});
  return out;
}

json issued_json(const std::vector<warnings::IssueResult>& results) {
  json out = json::array();
  for (const auto& r : results)
    out.push_back({{"id", r.id}, {"number", r.number}, {"merged", r.merged},
                   {"unit_oid", r.unit_oid ? json(*r.unit_oid) : json(nullptr)}});
  return out;
}

// Where each warning would go: its unit (or triage), and what it would merge with.
json preview_json(ApiContext& ctx, const std::vector<warnings::PreviewItem>& preview) {
  UnitRefs units(ctx);
  json out = json::array();
  for (size_t i = 0; i < preview.size(); ++i) {
    const auto& p = preview[i];
    const auto unit = units(p.unit_id);
    out.push_back({{"index", i},
                   {"host", p.host},
                   {"unit", unit},
                   {"unit_oid", oid_of(unit)},
                   {"in_triage", !p.unit_id.has_value()},
                   {"merged", p.merges_with.has_value() || p.repeats_item.has_value()},
                   {"merges_with", p.merges_with ? json(*p.merges_with) : json(nullptr)},
                   {"repeats_index", p.repeats_item ? json(*p.repeats_item) : json(nullptr)}});
  }
  return out;
}

// What an export writes per warning, its units named.
std::vector<core::WarningRecord> export_records(ApiContext& ctx, const std::vector<warnings::Warning>& list) {
  std::vector<core::WarningRecord> records;
  UnitRefs units(ctx);
  for (const auto& w : list) {
    const auto issuer = units(w.issuer_unit_id), unit = units(w.unit_id);
    core::WarningRecord r;
    r.number = w.number;
    r.issuer_oid = issuer.is_null() ? "" : issuer["oid"].get<std::string>();
    r.issuer_name = issuer.is_null() ? "" : issuer["name"].get<std::string>();
    r.unit_oid = unit.is_null() ? "" : unit["oid"].get<std::string>();
    r.host = w.host;
    r.state = w.state;
    r.reply = w.reply;
    r.reply_reason = w.reply_reason;
    r.replied_at = w.replied_at;
    r.input = w.input;
    r.first_seen = w.first_seen;
    r.last_seen = w.last_seen;
    r.created_at = w.created_at;
    r.updated_at = w.updated_at;
    r.count = w.repeat_count;
    records.push_back(std::move(r));
  }
  return records;
}

}  // namespace

void add_warning_routes(http::Router& router, ApiContext& ctx) {
  // One warning (an object) or many (an array), all or nothing.
  router.add("POST", "/api/v1/warnings", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    const bool dry_run = flag_param(req, "dry_run");
    auto body = core::parse_json_body(req.body);
    const bool many = body.is_array();
    if (!many && !body.is_object()) throw core::Error(core::ErrorKind::invalid, "malformed_json", "send a warning object or an array of them", "body");
    std::vector<core::WarningInput> items;
    if (many && body.size() > core::kMaxWarningsPerRequest)
      throw core::Error(core::ErrorKind::invalid, "too_many_items",
                        "at most " + std::to_string(core::kMaxWarningsPerRequest) + " warnings per request", "body");
    if (many) {
      for (size_t i = 0; i < body.size(); ++i) items.push_back(parse_warning(JsonInput(body[i], "[" + std::to_string(i) + "]", kWarningFields)));
    } else {
      items.push_back(parse_warning(JsonInput(body, "", kWarningFields)));
    }
    // ?dry_run=true: the same checks, then only where each would go; always {items}.
    if (dry_run) return json_response(200, {{"dry_run", true}, {"items", preview_json(ctx, ctx.warnings.preview(p, items))}});
    auto out = issued_json(ctx.warnings.issue(p, items));
    return json_response(201, many ? json{{"items", out}} : out[0]);
  });

  // Bulk in other formats: ?format=csv|stix|misp, and ?subcategory= for sources that do not say.
  router.add("POST", "/api/v1/warnings/import", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    const bool dry_run = flag_param(req, "dry_run");
    const auto format = req.query_param("format");
    core::ImportDefaults d;
    d.now = ctx.clock.now();
    if (auto sub = req.query_param("subcategory"); !sub.empty()) {
      if (!core::find_warning_subcategory(sub)) throw core::invalid("subcategory", "subcategory is not one of the warning sub-categories");
      d.subcategory = sub;
      d.subcategory_given = true;
    }
    core::ImportResult read;
    if (format == "csv") read = core::warnings_from_csv(req.body, d);
    else if (format == "stix") read = core::warnings_from_stix(req.body, d);
    else if (format == "misp") read = core::warnings_from_misp(req.body, d);
    else throw core::invalid("format", "format must be csv, stix or misp");
    json answer = {{"items", dry_run ? preview_json(ctx, ctx.warnings.preview(p, read.warnings))
                                     : issued_json(ctx.warnings.issue(p, read.warnings))},
                   {"skipped", notes_json(read.skipped)},
                   {"unmapped", notes_json(read.unmapped)}};
    if (!read.format_version.empty()) answer["format_version"] = read.format_version;
    if (dry_run) answer["dry_run"] = true;
    return json_response(dry_run ? 200 : 201, answer);
  }, {"text/csv", "application/json"});

  // The caller's warnings as CSV (Excel-ready) or a STIX 2.1 bundle: ?format=csv|stix, with the list's
  // filters. Either holds every one, sent a page of 1,000 at a time as it is read (each page below
  // the last), so memory holds one page however many match; the first page is read before
  // answering, so that a refused query still gets its 4xx.
  router.add("GET", "/api/v1/warnings/export", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    warnings::ListQuery q;
    if (auto s = req.query_param("state"); !s.empty()) {
      if (s != "open" && s != "answered") throw core::invalid("state", "state must be open or answered");
      q.state = s;
    }
    q.issued = flag_param(req, "issued");
    q.updated_since = updated_since_param(req);
    const auto format = req.query_param("format", "csv");
    if (format != "csv" && format != "stix") throw core::invalid("format", "format must be csv or stix");
    constexpr int kPage = 1000;
    q.limit = kPage;
    // The next page of records, below the last; none after the last page.
    auto next_records = [&ctx, p, cursor = std::make_shared<warnings::ListQuery>(q),
                         done = std::make_shared<bool>(false)]() -> std::optional<std::vector<core::WarningRecord>> {
      if (*done) return std::nullopt;
      const auto list = ctx.warnings.list(p, *cursor).first;
      if (list.size() < static_cast<size_t>(kPage)) *done = true;
      if (!list.empty()) cursor->before_id = list.back().id;
      return export_records(ctx, list);
    };
    if (format == "csv") {
      auto next_page = [next_records]() {
        std::string out;
        if (auto records = next_records()) core::append_warning_csv_rows(out, *records);
        return out;
      };
      auto first = core::warning_csv_header() + next_page();
      return csv_response_in_pieces(std::move(first), std::move(next_page), "warnings.csv");
    }
    auto next_piece = [next_records, bundle = std::make_shared<core::WarningStixWriter>(),
                       closed = std::make_shared<bool>(false)]() {
      if (*closed) return std::string();
      if (const auto records = next_records(); records && !records->empty()) return bundle->objects(*records);
      *closed = true;
      return bundle->close();
    };
    http::Response r;
    r.content_type = "application/stix+json;version=2.1";
    r.body = next_piece();
    r.next_piece = std::move(next_piece);
    return r;
  });

  router.add("GET", "/api/v1/warnings", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    warnings::ListQuery q;
    if (auto s = req.query_param("state"); !s.empty()) {
      if (s != "open" && s != "answered") throw core::invalid("state", "state must be open or answered");
      q.state = s;
    }
    q.overdue = flag_param(req, "overdue");
    q.triage = flag_param(req, "triage");
    q.issued = flag_param(req, "issued");
    if (auto r = req.query_param("rule_id"); !r.empty()) q.rule_id = r;
    q.updated_since = updated_since_param(req);
    q.text = search_words(req);
    auto paging = paging_of(req, 50, 1000);
    check_offset_within(paging, warnings::kWarningTotalCap);
    q.limit = paging.limit;
    q.offset = paging.offset;
    q.before_id = before_of(req);
    auto [list, total] = ctx.warnings.list(p, q);
    json items = json::array();
    UnitRefs units(ctx);
    for (const auto& w : list) items.push_back(warning_json(ctx, w, units));
    // `next_before` asks for the next page by where this one ended: as fast deep in the list as at
    // its start, where an offset reads every warning before it.
    json next = nullptr;
    if (list.size() == static_cast<size_t>(q.limit)) next = list.back().id;
    return json_response(200, {{"items", items},
                               {"total", total},
                               {"total_capped", total >= warnings::kWarningTotalCap},
                               {"limit", q.limit},
                               {"offset", q.offset},
                               {"next_before", next}});
  });

  router.add("GET", "/api/v1/warnings/summary", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    return json_response(200, {{"unanswered", ctx.warnings.unanswered_count(p)}});
  });

  router.add("GET", "/api/v1/warnings/feedback", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    json items = json::array();
    for (const auto& f : ctx.warnings.feedback(p))
      items.push_back({{"rule_id", f.rule_id}, {"issued", f.issued}, {"answered", f.answered},
                       {"false_positives", f.false_positives}, {"real_incidents", f.real_incidents},
                       {"undetermined", f.undetermined}, {"false_positive_rate", f.false_positive_rate},
                       {"median_reply_seconds", f.median_reply_ms ? json(*f.median_reply_ms / 1000) : json(nullptr)}});
    return json_response(200, {{"items", items}});
  });

  // One reply for one or several warnings with the same cause.
  // Queued as a filing is: schools across the country answer their warnings at once.
  router.add_queued_write("POST", "/api/v1/warnings/replies", [&ctx](http::Request& req, http::Responder respond) {
    auto p = require_caller(ctx, req);
    auto body = core::parse_json_body(req.body);
    JsonInput in(body, "", {"ids", "reply", "reason", "incident_id"});
    if (!body.contains("ids")) throw core::Error(core::ErrorKind::invalid, "missing_field", "field 'ids' is required", "ids");
    if (!body["ids"].is_array() || !std::all_of(body["ids"].begin(), body["ids"].end(), [](auto& v) { return v.is_number_integer(); }))
      throw core::Error(core::ErrorKind::invalid, "invalid_type", "field 'ids' must be a list of warning ids", "ids");
    auto reply = core::parse_warning_reply(in.required_string("reply"));
    if (!reply) throw core::invalid("reply", "reply must be real_incident, false_positive or undetermined");
    ctx.warnings.reply_async(
        std::move(p), body["ids"].get<std::vector<long long>>(), *reply, in.optional_string("reason").value_or(""),
        in.optional_integer("incident_id"),
        [&ctx, respond = std::move(respond)](std::exception_ptr error, std::shared_ptr<std::vector<warnings::Warning>> answered) {
          respond.answer_on_request_thread([&ctx, error, answered = std::move(answered)] {
            if (error) std::rethrow_exception(error);
            json items = json::array();
            UnitRefs units(ctx);
            for (const auto& w : *answered) items.push_back(warning_json(ctx, w, units));
            return json_response(200, {{"items", items}});
          });
        });
  });

  router.add("GET", "/api/v1/warnings/{id}", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    UnitRefs units(ctx);
    const auto w = ctx.warnings.get(p, path_id(req));
    auto out = warning_json(ctx, w, units);
    // Where a real incident may already be on file: the unit's open tickets naming this host.
    json open_tickets = json::array();
    for (const auto& [id, number] : ctx.warnings.open_tickets_for(p, w)) open_tickets.push_back({{"id", id}, {"number", number}});
    out["open_tickets"] = open_tickets;
    return json_response(200, out);
  });

  router.add("POST", "/api/v1/warnings/{id}/assign", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    JsonInput in(req.body, {"unit_oid"});
    UnitRefs units(ctx);
    return json_response(200, warning_json(ctx, ctx.warnings.assign(p, path_id(req), in.required_string("unit_oid")), units));
  });
}

}  // namespace tongbao::api
