// The outbreak view: what a subtree saw in a window, grouped, each unit by first sighting.
#include "api/caller.h"
#include "api/request_params.h"
#include "api/responses.h"
#include "api/routes.h"
#include "api/unit_refs.h"
#include "core/error.h"
#include "core/incident.h"
#include "core/time_format.h"

namespace tongbao::api {

void add_outbreak_routes(http::Router& router, ApiContext& ctx) {
  router.add("GET", "/api/v1/outbreaks", [&ctx](http::Request& req) {
    using nlohmann::json;
    auto p = require_caller(ctx, req);
    containment::OutbreakQuery q;
    // By default up to now, and what happened in this very millisecond too.
    q.to = time_param(req, "to").value_or(ctx.clock.now() + 1);
    q.from = time_param(req, "from").value_or(q.to - 30LL * 86'400'000);
    if (auto by = req.query_param("by"); !by.empty()) {
      auto g = core::parse_outbreak_grouping(by);
      if (!g) throw core::invalid("by", "by must be subcategory, remote or rule");
      q.by = *g;
    }
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
                     {"units", rows}});
    }
    return json_response(200, {{"from", core::format_utc(q.from)}, {"to", core::format_utc(q.to)},
                               {"by", req.query_param("by", "subcategory")}, {"groups", out}});
  });
}

}  // namespace tongbao::api
