#include "api/caller.h"
#include "api/responses.h"
#include "api/routes.h"
#include "core/period.h"
#include "core/time_format.h"

namespace tongbao::api {

void add_policy_routes(http::Router& router, ApiContext& ctx) {
  // The profile in force for the caller's unit at a time of awareness (now by default): what the
  // report form asks (the profile's level criteria, or the impact questions when it has none),
  // how it names the levels, and which deadlines run.
  router.add("GET", "/api/v1/policy", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    const auto at = req.query_param("aware_at");
    const auto aware_at = at.empty() ? ctx.clock.now() : core::parse_query_time("aware_at", at);
    const auto& profile = ctx.incidents.policy_for(p, aware_at);
    nlohmann::json criteria = nlohmann::json::array();
    for (const auto& c : profile.level_criteria)
      criteria.push_back({{"key", c.key}, {"level", c.level}, {"label_zh", c.label_zh}, {"label_en", c.label_en}});
    nlohmann::json deadlines = nlohmann::json::array();
    for (const auto& d : profile.deadlines) {
      // Per level 1..4: minutes after its start, or null where it does not apply or counts in months.
      nlohmann::json minutes = nlohmann::json::array();
      for (const auto& span : d.within)
        minutes.push_back(span && span->months == 0 ? nlohmann::json(span->ms / 60'000) : nlohmann::json(nullptr));
      deadlines.push_back({{"key", d.key},
                           {"label_zh", d.label_zh},
                           {"label_en", d.label_en},
                           {"from", d.from == core::ClockStart::aware ? "aware" : std::string(core::to_string(d.from_milestone))},
                           {"within_minutes", minutes}});
    }
    return json_response(200, {{"name", profile.name},
                               {"version", profile.version},
                               {"title", profile.title},
                               {"effective_from", core::format_utc(profile.effective_from)},
                               {"level_labels", profile.level_labels},
                               {"level_criteria", criteria},
                               {"deadlines", deadlines}});
  });
}

}  // namespace tongbao::api
