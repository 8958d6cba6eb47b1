// The outbreak view: what a subtree saw in a window, grouped, each unit by first sighting.
#include "api/caller.h"
#include "api/request_params.h"
#include "api/responses.h"
#include "api/routes.h"
#include "api/ticket_json.h"
#include "api/unit_refs.h"
#include "core/error.h"
#include "core/incident.h"
#include "core/incident_json.h"
#include "core/json_input.h"
#include "core/time_format.h"

namespace tongbao::api {

namespace {

core::OutbreakGrouping grouping(const std::string& by) {
  if (by.empty()) return core::OutbreakGrouping::subcategory;
  auto g = core::parse_outbreak_grouping(by);
  if (!g) throw core::invalid("by", "by must be subcategory, remote or rule");
  return *g;
}

}  // namespace

void add_outbreak_routes(http::Router& router, ApiContext& ctx) {
  // One action: the group becomes a coordinated incident held by the caller's centre.
  router.add("POST", "/api/v1/outbreaks/escalate", [&ctx](http::Request& req) {
    using nlohmann::json;
    auto p = require_caller(ctx, req);
    core::JsonInput in(req.body, {"by", "key", "from", "to", "unit", "units", "report"});
    containment::EscalationRequest e;
    e.key = in.required_string("key");
    e.window.by = grouping(in.optional_string("by", 16).value_or(""));
    e.window.to = in.optional_time("to").value_or(ctx.clock.now() + 1);
    e.window.from = in.optional_time("from").value_or(e.window.to - 30LL * 86'400'000);
    e.window.unit_oid = in.optional_string("unit", 200);
    e.unit_oids = in.optional_string_list("units", containment::kMaxCoordinatedUnits, 200).value_or(std::vector<std::string>{});
    // The parent's report, in the shape of any ticket's; the type defaults to an intrusion.
    auto body = core::parse_json_body(req.body);
    json report = body.contains("report") ? body["report"] : json::object();
    if (!report.is_object()) throw core::Error(core::ErrorKind::invalid, "invalid_type", "field 'report' must be an object", "report");
    if (!report.contains("type")) report["type"] = "INT";
    e.report = core::parse_report(core::JsonInput(report, "report", core::kReportFields));
    return json_text_response(201, ticket_json(ctx.coordinated.escalate(p, std::move(e))));
  });

  // Where each school of a coordinated incident stands.
  router.add("GET", "/api/v1/incidents/{id}/children", [&ctx](http::Request& req) {
    using nlohmann::json;
    auto p = require_caller(ctx, req);
    const auto children = ctx.coordinated.children(p, path_id(req));
    UnitRefs units(ctx);
    json items = json::array();
    for (const auto& c : children)
      items.push_back({{"unit", units(c.unit_id)},
                       {"ticket", {{"id", c.ticket_id}, {"number", c.number.empty() ? json(nullptr) : json(c.number)}, {"state", c.state}}},
                       {"reported", c.reported},
                       {"cleaned", c.cleaned},
                       {"unblocked", c.unblocked},
                       {"warnings", c.warnings},
                       {"blocks", {{"in_force", c.blocks_in_force}, {"unblock_requested", c.unblock_requests}, {"ended", c.blocks_ended}}}});
    return json_response(200, {{"items", items}});
  });

  router.add("GET", "/api/v1/outbreaks", [&ctx](http::Request& req) {
    using nlohmann::json;
    auto p = require_caller(ctx, req);
    containment::OutbreakQuery q;
    // By default up to now, and what happened in this very millisecond too.
    q.to = time_param(req, "to").value_or(ctx.clock.now() + 1);
    q.from = time_param(req, "from").value_or(q.to - 30LL * 86'400'000);
    q.by = grouping(req.query_param("by"));
    if (auto m = req.query_param("min_units"); !m.empty()) {
      if (m.size() > 4 || m.find_first_not_of("0123456789") != std::string::npos || std::stoi(m) < 1)
        throw core::invalid("min_units", "min_units must be a whole number from 1 to 9999");
      q.min_units = static_cast<size_t>(std::stoi(m));
    }
    if (auto u = req.query_param("unit"); !u.empty()) q.unit_oid = u;
    const auto groups = ctx.outbreaks.outbreaks(p, q);
    UnitRefs units(ctx);
    json out = json::array();
    for (size_t i = 0; i < groups.size() && i < 50; ++i) {
      const auto& g = groups[i];
      json rows = json::array();
      for (size_t j = 0; j < g.units.size() && j < 500; ++j) {
        const auto& u = g.units[j];
        rows.push_back({{"unit", units(u.unit_id)}, {"first_seen", core::format_utc(u.first_seen)},
                        {"last_seen", core::format_utc(u.last_seen)}, {"warnings", u.warnings}, {"tickets", u.tickets},
                        {"blocks", u.blocks}});
      }
      json label = nullptr;
      if (q.by == core::OutbreakGrouping::subcategory)
        for (auto type : {core::IncidentType::INT, core::IncidentType::DEF})
          if (const auto* sub = core::find_subcategory(type, g.key)) label = {{"zh-TW", sub->label}, {"en", sub->label_en}};
      out.push_back({{"key", g.key}, {"label", label}, {"sightings", g.sightings}, {"unit_count", g.units.size()},
                     {"first_seen", core::format_utc(g.first_seen)}, {"last_seen", core::format_utc(g.last_seen)},
                     {"coordinated_incident", g.coordinated_id ? json({{"id", g.coordinated_id}, {"number", g.coordinated_number}})
                                                               : json(nullptr)},
                     {"units", rows}});
    }
    return json_response(200, {{"from", core::format_utc(q.from)}, {"to", core::format_utc(q.to)},
                               {"by", req.query_param("by", "subcategory")}, {"groups", out}});
  });
}

}  // namespace tongbao::api
