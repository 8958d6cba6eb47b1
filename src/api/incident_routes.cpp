#include <charconv>

#include "api/caller.h"
#include "api/ticket_csv.h"
#include "api/ticket_json.h"
#include "api/request_params.h"
#include "core/csv.h"
#include "core/deadlines.h"
#include "api/paging.h"
#include "api/responses.h"
#include "api/routes.h"
#include "core/error.h"
#include "core/incident_checks.h"
#include "core/period.h"
#include "core/json_input.h"
#include "core/time_format.h"
#include "incidents/attack_catalogue.h"
#include "core/incident_json.h"
#include "core/json_writer.h"
#include "notify/outbox.h"

namespace tongbao::api {

using core::JsonInput;
nlohmann::json message_json(const notify::Message& m);  // outbox_routes.cpp

namespace {

using nlohmann::json;

json time_or_null(const std::optional<core::TimeMs>& t) { return t ? json(core::format_utc(*t)) : json(nullptr); }

}  // namespace

// Written as text, keys in the order the JSON library keeps them (sorted), without a tree: a
// ticket is the answer read most often, and its tree cost more than reading it from the database.
std::string ticket_json(const incidents::TicketView& v) {
  const auto& t = v.incident;
  const auto* sub = core::find_subcategory(t.report.type, t.report.subcategory);
  core::JsonWriter w(8192);  // a ticket with its report and deadlines is a few KiB
  const auto time = [&](std::string_view name, const std::optional<core::TimeMs>& at) {
    w.key(name);
    at ? w.string(core::format_utc(*at)) : w.null();
  };
  const auto unit = [&](std::string_view name, const incidents::UnitRef& u) {
    w.key(name).begin_object().key("code").string(u.code).key("name").string(u.name).key("oid").string(u.oid).end_object();
  };
  w.begin_object();
  w.key("allowed_actions").strings(v.allowed_actions);
  core::write_json(w.key("assessment"), v.assessment);
  // The response's ATT&CK techniques with their names (an identifier the catalogue no longer
  // holds keeps an empty name).
  w.key("attack_techniques").begin_array();
  if (t.response)
    for (const auto& id : t.response->root_cause.attack_techniques) {
      const auto* technique = incidents::attack_catalogue().find(id);
      w.begin_object().key("id").string(id).key("name").string(technique ? technique->name : "").end_object();
    }
  w.end_array();
  w.key("chosen_level");
  t.report.chosen_level ? w.number(t.report.chosen_level) : w.null();
  time("closed_at", t.closed_at);
  w.key("closing_requirements").begin_array();
  for (const auto& m : v.closing_requirements)
    w.begin_object().key("field").string(m.field).key("message").string(m.message).end_object();
  w.end_array();
  w.key("computed_level").number(v.assessment.level);
  w.key("coordinated").begin_object().key("children").number(v.child_count);
  w.key("open_children").number(v.open_child_count).key("parent");
  if (v.parent)
    w.begin_object().key("id").number(v.parent->first).key("number").string(v.parent->second).end_object();
  else
    w.null();
  w.end_object();
  w.key("created_at").string(core::format_utc(t.created_at));
  w.key("data_subject_notification");
  t.notification ? core::write_json(w, *t.notification) : void(w.null());
  bool late = false;
  w.key("deadlines").begin_array();
  for (const auto& d : v.deadlines) {
    w.begin_object();
    time("due_at", d.due_at);
    w.key("key").string(d.rule->key);
    w.key("label").begin_object().key("en").string(d.rule->label_en).key("zh-TW").string(d.rule->label_zh).end_object();
    w.key("late_by");
    if (d.state == core::DeadlineState::overdue || d.state == core::DeadlineState::met_late) {
      late = true;
      w.begin_object()
          .key("en").string(core::describe_span_en(d.late_by_ms) + " late")
          .key("seconds").number(d.late_by_ms / 1000)
          .key("zh-TW").string("逾時 " + core::describe_span_zh(d.late_by_ms))
          .end_object();
    } else {
      w.null();
    }
    time("met_at", d.met_at);
    w.key("remaining_seconds");
    d.state == core::DeadlineState::pending ? w.number(d.remaining_ms / 1000) : w.null();
    w.key("state").string(core::to_string(d.state));
    w.end_object();
  }
  w.end_array();
  w.key("drill").boolean(t.drill);
  // Times given for earlier moments, entered more than a day later: shown beside their entry.
  w.key("entered_long_after").begin_array();
  for (const auto& e : core::times_entered_long_after(t))
    w.begin_object()
        .key("claimed").string(core::format_utc(e.claimed))
        .key("entered").string(core::format_utc(e.entered))
        .key("field").string(e.field)
        .key("hours_apart").number((e.entered - e.claimed) / 3'600'000)
        .end_object();
  w.end_array();
  time("filed_at", t.filed_at ? t.filed_at : t.reported_at);
  w.key("has_investigation_report").boolean(t.has_investigation_report);
  w.key("id").number(t.id);
  w.key("late").boolean(late);
  w.key("law_enforcement_referral");
  t.referral ? core::write_json(w, *t.referral) : void(w.null());
  w.key("level").number(t.level);
  w.key("number");
  t.number.empty() ? w.null() : w.string(t.number);
  w.key("policy");
  if (v.policy) {
    const auto& labels = v.policy->level_labels;
    w.begin_object()
        .key("level_label").string(labels[std::clamp(t.level, 1, 4) - 1])
        .key("level_labels").strings({labels.begin(), labels.end()})
        .key("name").string(v.policy->name)
        .key("title").string(v.policy->title)
        .key("version").string(v.policy->version)
        .end_object();
  } else {
    w.null();
  }
  core::write_json(w.key("report"), t.report);
  time("reported_at", t.reported_at);
  time("responded_at", t.responded_at);
  w.key("response");
  t.response ? core::write_json(w, *t.response) : void(w.null());
  w.key("review").begin_object();
  time("approved_at", t.approved_at);
  w.key("below_computed_reason");
  t.below_computed_reason.empty() ? w.null() : w.string(t.below_computed_reason);
  w.key("deadline_level").number(v.deadline_level);
  time("reviewed_at", t.reviewed_at);
  w.end_object();
  unit("reviewer", v.reviewer);
  w.key("state").string(core::to_string(t.state));
  w.key("subcategory").string(t.report.subcategory);
  w.key("subcategory_label");
  if (sub)
    w.begin_object().key("en").string(sub->label_en).key("zh-TW").string(sub->label).end_object();
  else
    w.null();
  w.key("support").begin_object();
  w.key("kinds").strings(t.report.support.kinds);
  w.key("needed").boolean(t.report.support.needed);
  time("taken_at", t.support_taken_at);
  w.key("taken_by");
  t.support_taken_by.empty() ? w.null() : w.string(t.support_taken_by);
  w.end_object();
  w.key("type").string(core::to_string(t.report.type));
  w.key("under_reported").boolean(v.under_reported);
  if (v.under_reported)
    w.key("under_reporting")
        .string("The reporter chose level " + std::to_string(t.report.chosen_level) +
                ", but the impact answers give level " + std::to_string(v.assessment.level) + ". " +
                v.assessment.reasoning);
  unit("unit", v.unit);
  w.key("updated_at").string(core::format_utc(t.updated_at));
  w.end_object();
  return w.take();
}

namespace {

json summary_json(const incidents::IncidentService::Item& item) {
  const auto& s = item.summary;
  json next = nullptr;
  if (item.next >= 0) {
    const auto& d = item.deadlines[static_cast<size_t>(item.next)];
    next = {{"key", d.rule->key},
            {"label", {{"zh-TW", d.rule->label_zh}, {"en", d.rule->label_en}}},
            {"due_at", time_or_null(d.due_at)},
            {"state", core::to_string(d.state)},
            {"remaining_seconds", d.state == core::DeadlineState::pending ? json(d.remaining_ms / 1000) : json(nullptr)},
            {"late_by_seconds", d.state == core::DeadlineState::overdue ? json(d.late_by_ms / 1000) : json(nullptr)}};
  }
  return {{"id", s.id},
          {"number", s.number.empty() ? json(nullptr) : json(s.number)},
          {"unit", {{"oid", s.unit_oid}, {"code", s.unit_code}, {"name", s.unit_name}}},
          {"type", s.type},
          {"subcategory", s.subcategory},
          {"state", s.state},
          {"drill", s.drill},
          {"level", s.level},
          {"chosen_level", s.chosen_level},
          {"computed_level", s.computed_level},
          {"under_reported", s.chosen_level != 0 && s.chosen_level < s.computed_level},
          {"aware_at", time_or_null(s.aware_at)},
          {"reported_at", time_or_null(s.reported_at)},
          {"closed_at", time_or_null(s.closed_at)},
          {"support_needed", s.support_needed},
          {"next_deadline", next},
          {"late", item.late},
          {"updated_at", core::format_utc(s.updated_at)}};
}

std::optional<std::string> query(const http::Request& req, const std::string& name) {
  auto v = req.query_param(name);
  return v.empty() ? std::nullopt : std::optional(v);
}

std::optional<bool> query_bool(const http::Request& req, const std::string& name) {
  auto v = query(req, name);
  if (!v) return std::nullopt;
  if (*v != "true" && *v != "false") throw core::invalid(name, name + " must be true or false");
  return *v == "true";
}

std::optional<core::TimeMs> query_time(const http::Request& req, const std::string& name) {
  auto v = query(req, name);
  if (!v) return std::nullopt;
  return core::parse_query_time(name, *v);
}

incidents::ListQuery list_query(const http::Request& req) {
  incidents::ListQuery q;
  q.scope = req.query_param("scope", "open");
  if (q.scope != "open" && q.scope != "history" && q.scope != "all")
    throw core::invalid("scope", "scope must be open, history or all");
  q.root_oid = query(req, "root");
  q.type = query(req, "type");
  q.subcategory = query(req, "subcategory");
  // One state or several, comma-separated: state=reported,responded
  if (auto states = query(req, "state")) {
    for (size_t start = 0; start <= states->size();) {
      auto end = states->find(',', start);
      if (end == std::string::npos) end = states->size();
      auto one = states->substr(start, end - start);
      if (!core::parse_incident_state(one))
        throw core::invalid("state", "state must be draft, reported, responded, centre_review, cert_review, closed, discarded or "
                                     "returned, or several of them separated by commas");
      q.states.push_back(one);
      start = end + 1;
    }
  }
  q.number = query(req, "number");
  // A search: words found anywhere in the ticket, open tickets first.
  if (auto text = query(req, "q")) {
    if (text->size() > 200) throw core::invalid("q", "A search is at most 200 bytes long.");
    q.text = *text;
  }
  if (auto l = query(req, "level")) {
    if (*l != "1" && *l != "2" && *l != "3" && *l != "4") throw core::invalid("level", "level must be 1 to 4");
    q.level = std::stoi(*l);
  }
  q.drill = query_bool(req, "drill");
  q.from = query_time(req, "from");
  q.to = query_time(req, "to");
  q.mine = query_bool(req, "mine").value_or(false);
  q.late_only = query_bool(req, "late").value_or(false);
  q.overdue_only = query_bool(req, "overdue").value_or(false);
  auto paging = paging_of(req, 50, 500);
  q.limit = paging.limit;
  q.offset = paging.offset;
  check_offset_within(paging, incidents::kListTotalCap);
  q.before_id = before_of(req);
  return q;
}

// Pages follow one another by id, newest first, unless a search puts open tickets first: those
// page by offset.
bool keyset_pages(const incidents::ListQuery& q) { return q.text.empty(); }

json page_json(const incidents::IncidentService::Page& page, const incidents::ListQuery& q) {
  json items = json::array();
  for (const auto& s : page.items) items.push_back(summary_json(s));
  // `next_before` asks for the next page by where this one ended: as fast at the millionth ticket
  // as at the first, where a deep `offset` reads every ticket before it.
  json next = nullptr;
  if (page.items.size() == static_cast<size_t>(q.limit) && keyset_pages(q)) next = page.items.back().summary.id;
  return {{"items", items},      {"total", page.total}, {"total_capped", page.total_capped},
          {"limit", q.limit},    {"offset", q.offset},  {"next_before", next}};
}

// Answers a ticket's queued write once it has committed, the ticket's JSON made on a request thread.
incidents::IncidentService::TicketDone answer_with_ticket(http::Responder respond, int status) {
  return [respond = std::move(respond), status](std::exception_ptr error, std::shared_ptr<incidents::TicketView> ticket) {
    respond.answer_on_request_thread([error, ticket = std::move(ticket), status] {
      if (error) std::rethrow_exception(error);
      return json_text_response(status, ticket_json(*ticket));
    });
  };
}

// Bodies of the review actions: one text field, required or not.
std::string text_field(const http::Request& req, const char* name, bool required) {
  if (req.body.empty() && !required) return {};
  JsonInput in(req.body, {name});
  return required ? in.required_string(name) : in.optional_string(name).value_or("");
}

}  // namespace

void add_incident_routes(http::Router& router, ApiContext& ctx) {
  // Files a report (or saves a draft with "submit": false).
  // The filing queues its write and frees the request thread; its answer is made on a request
  // thread once the ticket is on disk.
  router.add_queued_write("POST", "/api/v1/incidents", [&ctx](http::Request& req, http::Responder respond) {
    auto p = require_caller(ctx, req);
    if (req.body.empty()) throw core::Error(core::ErrorKind::invalid, "malformed_json", "the request body must be a JSON object", "body");
    auto body = core::parse_json_body(req.body);
    // Two envelope fields beside the report's own.
    bool submit = true, drill = false;
    if (body.is_object()) {
      if (body.contains("submit")) {
        if (!body["submit"].is_boolean()) throw core::Error(core::ErrorKind::invalid, "invalid_type", "field 'submit' must be true or false", "submit");
        submit = body["submit"].get<bool>();
        body.erase("submit");
      }
      if (body.contains("drill")) {
        if (!body["drill"].is_boolean()) throw core::Error(core::ErrorKind::invalid, "invalid_type", "field 'drill' must be true or false", "drill");
        drill = body["drill"].get<bool>();
        body.erase("drill");
      }
    }
    JsonInput in(body, "", core::kReportFields);
    ctx.incidents.create_async(std::move(p), core::parse_report(in), drill, submit, answer_with_ticket(std::move(respond), 201));
  });

  router.add("GET", "/api/v1/incidents", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    auto q = list_query(req);
    return json_response(200, page_json(ctx.incidents.list(p, q), q));
  });

  // The same list as CSV, every matching ticket (no paging), for Excel. Sent a page of up to 1,000
  // at a time as it is read (see next_export_page), so memory holds one page however many tickets
  // match; the first page is read before answering, so that a refused query still gets its 4xx.
  router.add("GET", "/api/v1/incidents/export", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    auto cursor = incidents::IncidentService::start_export(list_query(req));
    const auto lang = csv_language(req);
    auto next_page = [&ctx, p, lang, cursor = std::make_shared<incidents::IncidentService::ExportCursor>(
                                         std::move(cursor))]() {
      std::string out;
      for (const auto& item : ctx.incidents.next_export_page(p, *cursor)) append_ticket_csv_row(out, item.summary, lang);
      return out;
    };
    std::string first;
    append_ticket_csv_header(first, lang);
    first += next_page();
    // A name that says what and when: tickets-2026-12-01.csv (the Taipei date).
    return csv_response_in_pieces(std::move(first), std::move(next_page),
                                  "tickets-" + core::taipei_date(ctx.clock.now()) + ".csv");
  });

  router.add("GET", "/api/v1/support-requests", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    auto q = list_query(req);
    q.support_open = true;
    return json_response(200, page_json(ctx.incidents.list(p, q), q));
  });

  // The guided level: what the impact answers give, and why, before anything is filed, under the
  // profile in force for the caller's unit at the time of awareness given (now by default).
  router.add("POST", "/api/v1/incidents/level-assessment", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    JsonInput in(req.body, core::kLevelAssessmentFields);
    const auto aware_at = in.optional_time("aware_at").value_or(ctx.clock.now());
    return json_response(200, core::to_json(ctx.incidents.assess(p, core::parse_impact(in), aware_at)));
  });

  router.add("GET", "/api/v1/incidents/by-number/{number}", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    return json_text_response(200, ticket_json(ctx.incidents.get(p, ctx.incidents.id_of_number(p, req.path_param("number")))));
  });

  router.add("GET", "/api/v1/incidents/{id}", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    return json_text_response(200, ticket_json(ctx.incidents.get(p, path_id(req))));
  });

  // A draft saved as it is typed: queued as a filing is.
  router.add_queued_write("PUT", "/api/v1/incidents/{id}/report", [&ctx](http::Request& req, http::Responder respond) {
    auto p = require_caller(ctx, req);
    JsonInput in(req.body, core::kReportFields);
    ctx.incidents.edit_report_async(std::move(p), path_id(req), core::parse_report(in), answer_with_ticket(std::move(respond), 200));
  });

  router.add("POST", "/api/v1/incidents/{id}/submit", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    return json_text_response(200, ticket_json(ctx.incidents.submit(p, path_id(req))));
  });

  router.add("PUT", "/api/v1/incidents/{id}/response", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    JsonInput in(req.body, core::kResponseFields);
    return json_text_response(200, ticket_json(ctx.incidents.respond(p, path_id(req), core::parse_response(in))));
  });

  router.add("POST", "/api/v1/incidents/{id}/review", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    return json_text_response(200, ticket_json(ctx.incidents.review_report(p, path_id(req), text_field(req, "reason", false))));
  });

  router.add("POST", "/api/v1/incidents/{id}/level", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    JsonInput in(req.body, {"level", "reason"});
    auto level = in.optional_int_in("level", 1, 4);
    if (!level) throw core::Error(core::ErrorKind::invalid, "missing_field", "field 'level' is required", "level");
    return json_text_response(200, ticket_json(ctx.incidents.change_level(p, path_id(req), *level, in.required_string("reason"))));
  });

  router.add("POST", "/api/v1/incidents/{id}/approve", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    std::string comment, reason;
    if (!req.body.empty()) {
      JsonInput in(req.body, {"comment", "reason"});
      comment = in.optional_string("comment").value_or("");
      reason = in.optional_string("reason").value_or("");
    }
    return json_text_response(200, ticket_json(ctx.incidents.approve(p, path_id(req), comment, reason)));
  });

  router.add("POST", "/api/v1/incidents/{id}/return", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    return json_text_response(200, ticket_json(ctx.incidents.return_ticket(p, path_id(req), text_field(req, "reason", true))));
  });

  router.add("POST", "/api/v1/incidents/{id}/discard", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    return json_text_response(200, ticket_json(ctx.incidents.discard(p, path_id(req), text_field(req, "reason", true))));
  });

  // Support asked for at any point after filing (the report's own field holds it while a draft).
  router.add("POST", "/api/v1/incidents/{id}/support", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    JsonInput in(req.body, {"kinds", "detail"});
    core::SupportRequest request;
    request.needed = true;
    request.kinds = in.optional_string_list("kinds", 6).value_or(std::vector<std::string>{});
    request.detail = in.optional_string("detail").value_or("");
    return json_text_response(200, ticket_json(ctx.incidents.request_support(p, path_id(req), request)));
  });

  router.add("POST", "/api/v1/incidents/{id}/close", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    return json_text_response(200, ticket_json(ctx.incidents.close(p, path_id(req), text_field(req, "comment", false))));
  });

  router.add("POST", "/api/v1/incidents/{id}/reopen", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    return json_text_response(200, ticket_json(ctx.incidents.reopen(p, path_id(req), text_field(req, "reason", true))));
  });

  router.add("PUT", "/api/v1/incidents/{id}/data-subject-notification", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    JsonInput in(req.body, core::kNotificationFields);
    return json_text_response(200, ticket_json(ctx.incidents.record_notification(p, path_id(req), core::parse_notification(in))));
  });

  router.add("PUT", "/api/v1/incidents/{id}/law-enforcement-referral", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    JsonInput in(req.body, core::kReferralFields);
    return json_text_response(200, ticket_json(ctx.incidents.record_referral(p, path_id(req), core::parse_referral(in))));
  });

  router.add("POST", "/api/v1/incidents/{id}/support/take", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    return json_text_response(200, ticket_json(ctx.incidents.take_support(p, path_id(req))));
  });

  router.add("GET", "/api/v1/incidents/{id}/timeline", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    json items = json::array();
    for (const auto& [e, actor_name] : ctx.incidents.timeline(p, path_id(req))) {
      items.push_back({{"at", core::format_utc(e.at)},
                       {"actor", e.actor},
                       {"actor_name", actor_name.empty() ? json(nullptr) : json(actor_name)},
                       {"kind", e.kind},
                       {"from_state", e.from_state ? json(*e.from_state) : json(nullptr)},
                       {"to_state", e.to_state ? json(*e.to_state) : json(nullptr)},
                       {"detail", e.detail_json ? json::parse(*e.detail_json, nullptr, false) : json(nullptr)}});
    }
    // Each message the ticket caused: to whom, by which channel, and when it was sent (for its
    // reviewers and the CERT).
    json messages = json::array();
    for (const auto& m : ctx.incidents.messages(p, path_id(req))) messages.push_back(message_json(m));
    return json_response(200, {{"items", items}, {"messages", messages}});
  });
}

}  // namespace tongbao::api
