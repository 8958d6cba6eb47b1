// Advisories: issue (the CERT, a centre for its units), the lists received and issued, one with
// its answers, each unit's answer, the answers as CSV, and the advisory as a STIX 2.1 bundle.
#include <map>

#include "api/caller.h"
#include "api/paging.h"
#include "api/request_params.h"
#include "api/responses.h"
#include "api/routes.h"
#include "api/unit_refs.h"
#include "core/csv.h"
#include "core/error.h"
#include "core/json_input.h"
#include "core/time_format.h"

namespace tongbao::api {
namespace {

using core::JsonInput;
using nlohmann::json;

json time_or_null(const std::optional<core::TimeMs>& t) { return t ? json(core::format_utc(*t)) : json(nullptr); }

json advisory_json(const core::Advisory& a, UnitRefs& units) {
  return {{"id", a.id},
          {"number", a.number},
          {"issuer", units(a.issuer_unit_id)},
          {"title", a.input.title},
          {"text", a.input.text},
          {"severity", a.input.severity},
          {"products", a.input.products},
          {"cves", a.input.cves},
          {"references", a.input.references},
          {"reply_by", core::format_utc(a.input.reply_by)},
          {"created_at", core::format_utc(a.created_at)}};
}

json answer_json(const core::AdvisoryAnswer& a) {
  return {{"answer", a.answer.empty() ? json(nullptr) : json(a.answer)},
          {"note", a.note},
          {"answered_at", time_or_null(a.answered_at)}};
}

// The unit a recipient's answers are counted under: its parent, from the path "/1/4/9/".
long long parent_on_path(const std::string& path) {
  const auto last = path.find_last_of('/', path.size() - 2);
  const auto before = path.find_last_of('/', last - 1);
  if (last == std::string::npos || before == std::string::npos) return 0;
  return std::stoll(path.substr(before + 1, last - before - 1));
}

}  // namespace

void add_advisory_routes(http::Router& router, ApiContext& ctx) {
  router.add("POST", "/api/v1/advisories", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    JsonInput in(req.body, {"title", "text", "severity", "products", "cves", "references", "reply_by", "unit_oid", "ranges"});
    core::AdvisoryInput a;
    a.title = in.required_string("title");
    a.text = in.optional_string("text", core::kMaxAdvisoryText * 4).value_or("");
    a.severity = in.required_string("severity");
    a.products = in.optional_string_list("products", core::kMaxAdvisoryListItems, core::kMaxAdvisoryItem * 4).value_or(std::vector<std::string>{});
    a.cves = in.optional_string_list("cves", core::kMaxAdvisoryListItems, 40).value_or(std::vector<std::string>{});
    a.references = in.optional_string_list("references", core::kMaxAdvisoryListItems, core::kMaxAdvisoryItem * 4).value_or(std::vector<std::string>{});
    a.reply_by = in.optional_time("reply_by").value_or(0);
    containment::AdvisoryAudience to;
    to.unit_oid = in.optional_string("unit_oid");
    const auto ranges = in.optional_string_list("ranges", 100, 64).value_or(std::vector<std::string>{});
    to.ranges = core::parse_ip_ranges(ranges, "ranges");
    const auto [advisory, recipients] = ctx.advisories.issue(p, a, to);
    UnitRefs units(ctx);
    auto out = advisory_json(advisory, units);
    out["recipients"] = recipients;
    return json_response(201, out);
  });

  // ?issued=true: those the caller's unit issued, with how many answered; else those it received.
  router.add("GET", "/api/v1/advisories", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    const auto paging = paging_of(req, 50, 500);
    UnitRefs units(ctx);
    json items = json::array();
    long long total = 0;
    if (flag_param(req, "issued")) {
      auto [list, count] = ctx.advisories.issued(p, paging.limit, paging.offset);
      total = count;
      for (const auto& i : list) {
        auto item = advisory_json(i.advisory, units);
        item["recipients"] = i.recipients;
        item["answered"] = i.answered;
        items.push_back(std::move(item));
      }
    } else {
      auto [list, count] = ctx.advisories.received(p, paging.limit, paging.offset);
      total = count;
      for (const auto& r : list) {
        auto item = advisory_json(r.advisory, units);
        item["mine"] = answer_json(r.answer);
        item["overdue"] = r.answer.answer.empty() && ctx.clock.now() > r.advisory.input.reply_by;
        items.push_back(std::move(item));
      }
    }
    return json_response(200, {{"items", items}, {"total", total}, {"limit", paging.limit}, {"offset", paging.offset}});
  });

  // One advisory: the caller's own answer if it received it; the answers it may see, by unit,
  // summed by answer and by the centre above each unit. ?format=csv: the answers as a spreadsheet;
  // ?format=stix: the advisory itself as a STIX 2.1 bundle, for the issuer side.
  router.add("GET", "/api/v1/advisories/{id}", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    const auto format = req.query_param("format", "json");
    if (format != "json" && format != "csv" && format != "stix")
      throw core::invalid("format", "format must be json, csv or stix");
    if (format == "stix") {
      const auto e = ctx.advisories.stix(p, path_id(req));
      http::Response r;
      r.content_type = "application/stix+json;version=2.1";
      r.body = e.bundle;
      r.with_header("Content-Disposition", "attachment; filename=\"" + e.number + ".stix.json\"");
      return r;
    }
    const auto v = ctx.advisories.get(p, path_id(req));
    UnitRefs units(ctx);
    if (format == "csv") {
      std::string body;
      core::append_csv_record(body, {"unit_oid", "unit_name", "answer", "note", "answered_at"});
      for (const auto& r : v.recipients) {
        const auto u = units(r.answer.unit_id);
        core::append_csv_record(body, {u.is_null() ? "" : u["oid"].get<std::string>(),
                                       u.is_null() ? "" : u["name"].get<std::string>(), r.answer.answer, r.answer.note,
                                       r.answer.answered_at ? core::format_utc(*r.answer.answered_at) : ""});
      }
      return csv_response(std::move(body), v.advisory.number + "-answers.csv");
    }
    auto out = advisory_json(v.advisory, units);
    out["mine"] = v.mine ? answer_json(*v.mine) : json(nullptr);
    json answers = json::array();
    std::map<std::string, long long> by_answer = {{"unanswered", 0}, {"affected", 0}, {"not_affected", 0},
                                                  {"patched", 0}, {"mitigated", 0}};
    std::map<long long, std::map<std::string, long long>> by_centre;
    for (const auto& r : v.recipients) {
      const auto key = r.answer.answer.empty() ? std::string("unanswered") : r.answer.answer;
      ++by_answer[key];
      ++by_centre[parent_on_path(r.unit_path)][key];
      auto a = answer_json(r.answer);
      a["unit"] = units(r.answer.unit_id);
      answers.push_back(std::move(a));
    }
    json centres = json::array();
    for (const auto& [centre, counts] : by_centre) centres.push_back({{"centre", units(centre)}, {"counts", counts}});
    out["answers"] = answers;
    out["by_answer"] = by_answer;
    out["by_centre"] = centres;
    return json_response(200, out);
  });

  router.add("POST", "/api/v1/advisories/{id}/answer", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    JsonInput in(req.body, {"answer", "note"});
    const auto a = ctx.advisories.answer(p, path_id(req), in.required_string("answer"),
                                         in.optional_string("note", core::kMaxAdvisoryNote * 4).value_or(""));
    return json_response(200, answer_json(a));
  });
}

}  // namespace tongbao::api
